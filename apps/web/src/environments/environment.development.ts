/** `nx serve web`: same origin too; proxy.conf.json forwards /api and /socket.io to the API on port 3000. */
export const environment = {
  apiBaseUrl: '',
  socketBaseUrl: '',
};
