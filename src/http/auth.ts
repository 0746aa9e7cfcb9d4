import type { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import { StatusCodes } from 'botbuilder';

/**
 * botbuilder answers 500 when a token's signature is invalid (jsonwebtoken throws its own error type,
 * which CloudAdapter does not map). Any failure while authenticating a request is the caller's
 * fault, so it becomes an AuthenticationError, which CloudAdapter answers with 401.
 */
export function unauthorizedOnAnyAuthFailure(adapter: TeamsAdapter): void {
  // `botFrameworkAuthentication` is protected on CloudAdapter; this is the one place that reaches it.
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError(`Unauthorized: ${(err as Error).message}`, StatusCodes.UNAUTHORIZED);
    }
  };
}
