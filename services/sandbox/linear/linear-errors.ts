import { GraphQLError } from 'graphql';

/** Linear's error extensions; @linear/sdk picks the error class from `extensions.type`. */
export interface LinearErrorExtensions {
  readonly type: string;
  readonly code: string;
  readonly statusCode: number;
  readonly userError: boolean;
  readonly userPresentableMessage: string;
}

/** One GraphQL error in Linear's wire shape, plus the HTTP status Linear answers it with. */
export interface LinearErrorResponse {
  readonly httpStatus: number;
  readonly body: {
    readonly errors: readonly { readonly message: string; readonly extensions: LinearErrorExtensions & { readonly http: { readonly status: number } } }[];
    readonly data?: null;
  };
}

function errorResponse(httpStatus: number, message: string, extensions: LinearErrorExtensions): LinearErrorResponse {
  return { httpStatus, body: { errors: [{ message, extensions: { ...extensions, http: { status: httpStatus } } }] } };
}

export function authenticationError(): LinearErrorResponse {
  return errorResponse(401, 'Authentication required, not authenticated', {
    type: 'authentication error',
    code: 'AUTHENTICATION_ERROR',
    statusCode: 401,
    userError: true,
    userPresentableMessage: 'You need to authenticate to access this operation.',
  });
}

/** Linear answers an exhausted bucket with HTTP 400 and `statusCode: 429` inside the error. */
export function rateLimitedError(): LinearErrorResponse {
  return errorResponse(400, 'Rate limit exceeded', {
    type: 'ratelimited',
    code: 'RATELIMITED',
    statusCode: 429,
    userError: true,
    userPresentableMessage: 'Too many API requests. Please try again later.',
  });
}

export function queryTooComplexError(complexity: number, max: number): LinearErrorResponse {
  return errorResponse(400, 'Query too complex', {
    type: 'invalid input',
    code: 'INPUT_ERROR',
    statusCode: 400,
    userError: true,
    userPresentableMessage: `The query is too complex. Complexity: ${complexity}. Maximum allowed complexity: ${max}.`,
  });
}

export function badRequestError(message: string): LinearErrorResponse {
  return errorResponse(400, message, {
    type: 'graphql error',
    code: 'GRAPHQL_PARSE_FAILED',
    statusCode: 400,
    userError: true,
    userPresentableMessage: message,
  });
}

/** Extensions for errors graphql-js reports (syntax and validation against the real schema). */
export const VALIDATION_EXTENSIONS: LinearErrorExtensions = {
  type: 'graphql error',
  code: 'GRAPHQL_VALIDATION_FAILED',
  statusCode: 400,
  userError: true,
  userPresentableMessage: 'The query is not valid against the Linear schema.',
};

/** Thrown by resolvers for bad arguments or missing entities; serialized with Linear's extensions. */
export function inputError(message: string, userPresentableMessage: string = message): GraphQLError {
  return new GraphQLError(message, {
    extensions: { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userError: true, userPresentableMessage },
  });
}

export function entityNotFound(entity: string): GraphQLError {
  return inputError(`Entity not found: ${entity}`, `Could not find referenced ${entity}.`);
}
