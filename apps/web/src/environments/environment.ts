/** Production: the API and the socket are served by the same server as the app. */
export const environment = {
  apiBaseUrl: '',
  socketBaseUrl: '',
};
