/**
 * Linear's public GraphQL endpoint, the default `apiUrl` of a Linear source. In a module of its
 * own so config registration can name it without loading the tracker clients.
 */
export const LINEAR_API_URL = 'https://api.linear.app/graphql';
