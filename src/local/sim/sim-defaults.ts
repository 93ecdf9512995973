// The credentials the simulator accepts unless told otherwise (a leaf module, so scenarios can
// print them without importing the scenario registry that imports them).
export const SIM_DEFAULTS = {
  appCode: "joblog",
  appSecret: "sim-secret",
  username: "admin",
} as const;
