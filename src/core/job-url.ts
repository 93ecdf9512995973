// An execution's page in BK-JOB's web UI, for "Open in BK-JOB": the scope-free api_execute link
// (https://github.com/TencentBlueKing/bk-job, the web UI's /api_execute/:id route), so no
// business needs to be known. Null when BK_JOB_WEB_URL is not configured.

export function jobUrl(webUrl: string | null, jobInstanceId: number): string | null {
  return webUrl ? `${webUrl.replace(/\/+$/, "")}/api_execute/${jobInstanceId}` : null;
}
