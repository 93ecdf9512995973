// Wire-format fixtures shared by the bkjob tests: bk-job 3.x responses as they arrive.

export const hostLog3x = {
  ip: "10.0.0.1",
  bk_cloud_id: 0,
  execute_count: 0,
  error_code: 0,
  exit_code: 0,
  start_time: "2018-03-15 14:39:30",
  end_time: "2018-03-15 14:40:31",
  total_time: 60.599,
  log_content: "[2018-03-15 14:39:30][PID:56875] job_start\n",
};

export const stepLog3x = {
  is_finished: true,
  step_instance_id: 90000,
  name: "test",
  status: 3,
  step_results: [{ ip_status: 9, tag: "", ip_logs: [hostLog3x] }],
};

export function envelope(data: unknown, extra: Record<string, unknown> = {}) {
  return { result: true, code: 0, message: "", data, job_request_id: "job-req-1", ...extra };
}

export const jobStatus3x = {
  is_finished: true,
  job_instance: {
    job_instance_id: 100,
    bk_job_id: 7,
    bk_biz_id: 2,
    bk_scope_type: "biz",
    bk_scope_id: "2",
    name: "deploy web",
    operator: "alice",
    status: 4,
    start_way: 2,
    current_step_instance_id: 90001,
    create_time: "2018-03-15 14:39:29",
    start_time: "2018-03-15 14:39:30",
    end_time: "2018-03-15 14:40:31",
    total_time: 61.2,
  },
  blocks: [
    {
      step_instances: [
        {
          step_instance_id: 90000,
          step_id: 1,
          name: "check",
          type: 1,
          operator: "alice",
          status: 3,
          execute_count: 0,
          start_time: "2018-03-15 14:39:30",
          end_time: "2018-03-15 14:39:40",
          total_time: 10,
          create_time: "2018-03-15 14:39:29",
          pause: 0,
          step_ip_status: [{ ip: "10.0.0.1", bk_cloud_id: 0, status: 9 }],
        },
      ],
    },
    {
      step_instances: [
        {
          step_instance_id: 90001,
          step_id: 2,
          name: "deploy",
          type: 1,
          operator: "alice",
          status: 4,
          execute_count: 1,
          start_time: "2018-03-15 14:39:41",
          end_time: "2018-03-15 14:40:31",
          total_time: 50.2,
          create_time: "2018-03-15 14:39:29",
          pause: 0,
          step_ip_status: [{ ip: "10.0.0.1", bk_cloud_id: 0, status: 104 }],
        },
      ],
    },
  ],
};
