// What each Block Kit block and element type must hold, as Slack documents them
// (https://docs.slack.dev/reference/block-kit/blocks, .../block-elements,
// .../composition-objects): required fields, allowed values, and which limit each field has.
import { RICH_TEXT_CONTAINERS, type BlockCheck, type ElementCheck, type TypeChecks } from "./checker.js";

export const BLOCK_CHECKS: Readonly<Record<string, BlockCheck>> = {
  header: (check, path, block) =>
    check.textObject(`${path}/text`, block["text"], "headerText", { plainOnly: true, required: true }),
  divider: () => {},
  section: (check, path, block) => {
    check.textObject(`${path}/text`, block["text"], "sectionText");
    const fields = check.array(`${path}/fields`, block["fields"], "sectionFields");
    fields?.forEach((field, index) =>
      check.textObject(`${path}/fields/${index}`, field, "sectionFieldText", { required: true }),
    );
    if (block["text"] === undefined && block["fields"] === undefined) {
      check.report(path, "required", 1, 0, "must define either `text` or `fields`");
    }
    if (block["accessory"] !== undefined) check.element(`${path}/accessory`, block["accessory"], "accessory");
  },
  context: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], "contextElements", {
      required: true,
      min: 1,
    });
    elements?.forEach((value, index) => {
      const elementPath = `${path}/elements/${index}`;
      const element = check.object(elementPath, value, true);
      if (!element) return;
      const type = element["type"];
      if (type === "image") check.imageSource(elementPath, element);
      else if (type === "plain_text" || type === "mrkdwn") {
        check.textObject(elementPath, element, "contextText");
      }
      else check.report(`${elementPath}/type`, "unsupported_type", 0, 0, `unsupported type: ${String(type)}`);
    });
  },
  actions: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], "actionsElements", {
      required: true,
      min: 1,
    });
    elements?.forEach((element, index) => check.element(`${path}/elements/${index}`, element, "actions"));
  },
  image: (check, path, block) => {
    check.imageSource(path, block);
    check.textObject(`${path}/title`, block["title"], "imageTitle", { plainOnly: true });
  },
  markdown: (check, path, block) => {
    const text = check.string(`${path}/text`, block["text"], "markdownText", { required: true });
    check.text += text?.length ?? 0;
    check.addMarkdown(text?.length ?? 0);
  },
  rich_text: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], null, { required: true });
    elements?.forEach((element, index) =>
      check.richTextSection(`${path}/elements/${index}`, element, RICH_TEXT_CONTAINERS),
    );
  },
  input: (check, path, block) => {
    check.textObject(`${path}/label`, block["label"], "inputLabel", { plainOnly: true, required: true });
    check.textObject(`${path}/hint`, block["hint"], "inputHint", { plainOnly: true });
    check.element(`${path}/element`, block["element"], "input");
  },
};

const placeholderOnly: ElementCheck = (check, path, element) =>
  check.textObject(`${path}/placeholder`, element["placeholder"], "placeholder", { plainOnly: true });

const staticSelect: ElementCheck = (check, path, element) => {
  placeholderOnly(check, path, element);
  const hasOptions = element["options"] !== undefined;
  const hasGroups = element["option_groups"] !== undefined;
  if (hasOptions === hasGroups) {
    check.report(path, "required", 1, 0, "must provide exactly one of `options` or `option_groups`");
  }
  check.options(`${path}/options`, element["options"], "selectOptions", {});
  const groups = check.array(`${path}/option_groups`, element["option_groups"], "selectOptionGroups");
  groups?.forEach((value, index) => {
    const group = check.object(`${path}/option_groups/${index}`, value, true);
    if (!group) return;
    const groupPath = `${path}/option_groups/${index}`;
    const label = { plainOnly: true, required: true, counts: false };
    check.textObject(`${groupPath}/label`, group["label"], "optionText", label);
    check.options(`${groupPath}/options`, group["options"], "selectOptions", { required: true });
  });
  check.confirm(`${path}/confirm`, element["confirm"]);
};

const choiceList: ElementCheck = (check, path, element) =>
  check.options(`${path}/options`, element["options"], "checkboxOptions", {
    required: true,
    min: 1,
    mrkdwn: true,
  });

export const ELEMENT_CHECKS: Readonly<Record<string, ElementCheck>> = {
  button: (check, path, element) => {
    check.textObject(`${path}/text`, element["text"], "buttonText", { plainOnly: true, required: true });
    check.string(`${path}/value`, element["value"], "buttonValue");
    check.string(`${path}/url`, element["url"], "buttonUrl");
    check.string(`${path}/accessibility_label`, element["accessibility_label"], "buttonAccessibilityLabel");
    check.oneOf(`${path}/style`, element["style"], ["primary", "danger"]);
    check.confirm(`${path}/confirm`, element["confirm"]);
  },
  image: (check, path, element) => check.imageSource(path, element),
  overflow: (check, path, element) => {
    const rules = { required: true, min: 1, url: true };
    check.options(`${path}/options`, element["options"], "overflowOptions", rules);
    check.confirm(`${path}/confirm`, element["confirm"]);
  },
  static_select: staticSelect,
  multi_static_select: staticSelect,
  external_select: placeholderOnly,
  multi_external_select: placeholderOnly,
  users_select: placeholderOnly,
  multi_users_select: placeholderOnly,
  conversations_select: placeholderOnly,
  multi_conversations_select: placeholderOnly,
  channels_select: placeholderOnly,
  multi_channels_select: placeholderOnly,
  datepicker: placeholderOnly,
  timepicker: placeholderOnly,
  datetimepicker: () => {},
  checkboxes: choiceList,
  radio_buttons: choiceList,
  plain_text_input: (check, path, element) => {
    placeholderOnly(check, path, element);
    const initial = element["initial_value"];
    check.string(`${path}/initial_value`, initial, "plainTextInputLength", { allowEmpty: true });
    for (const key of ["min_length", "max_length"] as const) {
      const value = element[key];
      if (typeof value === "number" && value > check.limits.plainTextInputLength) {
        const limit = check.limits.plainTextInputLength;
        check.report(`${path}/${key}`, "plainTextInputLength", limit, value, `must be at most ${limit}`);
      }
    }
  },
};

/** Every block and element type this checker knows; any other is reported as unsupported. */
export const TYPE_CHECKS: TypeChecks = { blocks: BLOCK_CHECKS, elements: ELEMENT_CHECKS };
