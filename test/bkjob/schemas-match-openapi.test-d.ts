// Type-level contract between the OpenAPI spec and the zod schemas (vitest typecheck mode):
// every response the spec allows must be accepted by the zod schema's INPUT type, and the
// requests we build must be exactly what the spec allows. Tightening a schema (or loosening the
// spec) without the other makes this file fail to compile. ESB v2, ESB jobv3 and the gateway.
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { buildEsbV2RequestBody } from "../../src/bkjob/esb-v2-client.js";
import type { components, operations, paths } from "../../src/bkjob/openapi-types.js";
import type { esbEnvelopeSchema } from "../../src/bkjob/envelope-schema.js";
import type { esbV2HostLogSchema, esbV2JobInstanceLogDataSchema, esbV2JobInstanceStatusDataSchema, esbV2StepStatusSchema } from "../../src/bkjob/esb-v2-schemas.js";
import type { buildEsbV3Body, scopeOf } from "../../src/bkjob/v3-client.js";
import type {
  v3BatchIpLogDataSchema,
  v3IpLogDataSchema,
  v3JobInstanceListDataSchema,
  v3JobInstanceStatusDataSchema,
  v3StepInstanceSchema,
  v3StepInstanceStatusDataSchema,
} from "../../src/bkjob/v3-schemas.js";

type Schemas = components["schemas"];
type PostPath = { [P in keyof paths]: paths[P]["post"] extends { responses: unknown } ? P : never }[keyof paths];
type GetPath = { [P in keyof paths]: paths[P]["get"] extends { responses: unknown } ? P : never }[keyof paths];
type JsonOf<Op> = Op extends { responses: { 200: { content: { "application/json": infer Body } } } } ? Body : never;
type PostJson<P extends PostPath> = JsonOf<paths[P]["post"]>;
type GetJson<P extends GetPath> = JsonOf<paths[P]["get"]>;
type PostBody<P extends PostPath> = paths[P]["post"] extends { requestBody: { content: { "application/json": infer Body } } } ? Body : never;
type Query<Op extends keyof operations> = operations[Op]["parameters"]["query"];
type DataOf<Body> = NonNullable<Body extends { data?: infer Data } ? Data : never>;

type LogResponse = PostJson<"/api/c/compapi/v2/job/get_job_instance_log/">;
type StatusResponse = PostJson<"/api/c/compapi/v2/job/get_job_instance_status/">;
type GatewayErrorBody = Schemas["GatewayErrorBody"];
type RequestBody = PostBody<"/api/c/compapi/v2/job/get_job_instance_log/">;

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
    expectTypeOf<PostBody<"/api/c/compapi/v2/job/get_job_instance_status/">>().toEqualTypeOf<RequestBody>();
  });
});

describe("v3: zod schemas accept every answer the spec allows, over ESB jobv3 and the gateway", () => {
  it("get_job_instance_status", () => {
    type Esb = PostJson<"/api/c/compapi/v2/jobv3/get_job_instance_status/">;
    type Gateway = GetJson<"/api/v3/get_job_instance_status">;
    expectTypeOf<Esb>().toExtend<z.input<typeof esbEnvelopeSchema>>();
    expectTypeOf<DataOf<Esb>>().toExtend<z.input<typeof v3JobInstanceStatusDataSchema>>();
    expectTypeOf<DataOf<Gateway>>().toExtend<z.input<typeof v3JobInstanceStatusDataSchema>>();
    expectTypeOf<Schemas["V3StepInstance"]>().toExtend<z.input<typeof v3StepInstanceSchema>>();
  });

  it("get_job_instance_list", () => {
    expectTypeOf<DataOf<PostJson<"/api/c/compapi/v2/jobv3/get_job_instance_list/">>>().toExtend<
      z.input<typeof v3JobInstanceListDataSchema>
    >();
    expectTypeOf<DataOf<GetJson<"/api/v3/get_job_instance_list">>>().toExtend<z.input<typeof v3JobInstanceListDataSchema>>();
  });

  it("get_step_instance_status (gateway only, user and system resources)", () => {
    expectTypeOf<DataOf<GetJson<"/api/v3/get_step_instance_status">>>().toExtend<
      z.input<typeof v3StepInstanceStatusDataSchema>
    >();
    expectTypeOf<DataOf<GetJson<"/api/v3/system/get_step_instance_status">>>().toExtend<
      z.input<typeof v3StepInstanceStatusDataSchema>
    >();
  });

  it("get_job_instance_ip_log and batch_get_job_instance_ip_log", () => {
    expectTypeOf<GetJson<"/api/v3/get_job_instance_ip_log">["data"]>().toExtend<z.input<typeof v3IpLogDataSchema>>();
    expectTypeOf<PostJson<"/api/c/compapi/v2/jobv3/get_job_instance_ip_log/">["data"]>().toExtend<
      z.input<typeof v3IpLogDataSchema>
    >();
    expectTypeOf<DataOf<PostJson<"/api/v3/batch_get_job_instance_ip_log">>>().toExtend<
      z.input<typeof v3BatchIpLogDataSchema>
    >();
    expectTypeOf<DataOf<PostJson<"/api/c/compapi/v2/jobv3/batch_get_job_instance_ip_log/">>>().toExtend<
      z.input<typeof v3BatchIpLogDataSchema>
    >();
  });
});

describe("v3: what we send is what the spec takes", () => {
  type Credentials = { appCode: string; appSecret: string; username: string };
  type EsbBody<T extends object> = ReturnType<typeof buildEsbV3Body<T>>;
  type Scope = ReturnType<typeof scopeOf>;

  it("ESB jobv3 bodies: credentials, scope and the call's fields", () => {
    type Status = EsbBody<{ job_instance_id: number; return_ip_result: boolean }>;
    expectTypeOf<Status>().toExtend<PostBody<"/api/c/compapi/v2/jobv3/get_job_instance_status/">>();
    type Batch = EsbBody<{ job_instance_id: number; step_instance_id: number; host_id_list: number[] }>;
    expectTypeOf<Batch>().toExtend<PostBody<"/api/c/compapi/v2/jobv3/batch_get_job_instance_ip_log/">>();
    expectTypeOf<Parameters<typeof buildEsbV3Body>[0]>().toEqualTypeOf<Credentials>();
  });

  it("gateway queries: the scope we build is the spec's scope parameters", () => {
    type Q = NonNullable<Query<"apigwV3GetStepInstanceStatus">>;
    expectTypeOf<Scope>().toExtend<Pick<Q, "bk_scope_type" | "bk_scope_id">>();
    expectTypeOf<Scope & { job_instance_id: number; step_instance_id: number; max_host_num_per_group: number; keyword?: string }>().toExtend<Q>();
  });

  it("the system resources take the same query as the user ones, plus X-Bk-Username", () => {
    expectTypeOf<Query<"apigwV3SystemGetStepInstanceStatus">>().toEqualTypeOf<Query<"apigwV3GetStepInstanceStatus">>();
    expectTypeOf<NonNullable<operations["apigwV3SystemGetStepInstanceStatus"]["parameters"]["header"]>>().toHaveProperty("X-Bk-Username");
  });
});
