// Type-level contract between the OpenAPI spec and the zod schemas (vitest typecheck mode):
// every response the spec allows must be accepted by the zod schema's INPUT type, and the
// request body we build must be exactly what the spec's request body allows. Tightening a
// schema (or loosening the spec) without the other makes this file fail to compile.
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { buildEsbV2RequestBody } from "../../src/bkjob/esb-v2-client.js";
import type { components, paths } from "../../src/bkjob/openapi-types.js";
import type {
  esbEnvelopeSchema,
  esbV2HostLogSchema,
  esbV2JobInstanceLogDataSchema,
  esbV2JobInstanceStatusDataSchema,
  esbV2StepStatusSchema,
} from "../../src/bkjob/schemas.js";

type Schemas = components["schemas"];
type JsonOf<P extends keyof paths> = paths[P]["post"]["responses"][200]["content"]["application/json"];
type LogResponse = JsonOf<"/api/c/compapi/v2/job/get_job_instance_log/">;
type StatusResponse = JsonOf<"/api/c/compapi/v2/job/get_job_instance_status/">;
type GatewayErrorBody = Schemas["GatewayErrorBody"];
type RequestBody =
  paths["/api/c/compapi/v2/job/get_job_instance_log/"]["post"]["requestBody"]["content"]["application/json"];

describe("zod schemas accept everything the OpenAPI spec allows", () => {
  it("envelope: both endpoints' 200 bodies and the gateway's error body", () => {
    expectTypeOf<LogResponse>().toExtend<z.input<typeof esbEnvelopeSchema>>();
    expectTypeOf<StatusResponse>().toExtend<z.input<typeof esbEnvelopeSchema>>();
    expectTypeOf<GatewayErrorBody>().toExtend<z.input<typeof esbEnvelopeSchema>>();
  });

  it("get_job_instance_log data", () => {
    expectTypeOf<NonNullable<LogResponse["data"]>>().toExtend<
      z.input<typeof esbV2JobInstanceLogDataSchema>
    >();
    // Narrower checks, so a failure points at the part that drifted.
    expectTypeOf<Schemas["EsbV2HostLog"]>().toExtend<z.input<typeof esbV2HostLogSchema>>();
  });

  it("get_job_instance_status data", () => {
    expectTypeOf<NonNullable<StatusResponse["data"]>>().toExtend<
      z.input<typeof esbV2JobInstanceStatusDataSchema>
    >();
    expectTypeOf<Schemas["EsbV2StepStatus"]>().toExtend<z.input<typeof esbV2StepStatusSchema>>();
  });
});

describe("the request body we send is the spec's request body", () => {
  type Sent = ReturnType<typeof buildEsbV2RequestBody>;

  it("is assignable to it (all required fields, right types)", () => {
    expectTypeOf<Sent>().toExtend<RequestBody>();
  });

  it("has no field the spec does not know", () => {
    expectTypeOf<Exclude<keyof Sent, keyof RequestBody>>().toBeNever();
  });

  it("is the same body for both endpoints", () => {
    expectTypeOf<
      paths["/api/c/compapi/v2/job/get_job_instance_status/"]["post"]["requestBody"]["content"]["application/json"]
    >().toEqualTypeOf<RequestBody>();
  });
});
