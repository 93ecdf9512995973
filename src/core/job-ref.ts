// Which execution a question is about: BK-JOB names a job run by its business and instance id.

export interface JobRef {
  bizId: number;
  jobInstanceId: number;
}
