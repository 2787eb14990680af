import { describe, expect, it } from 'vitest';
import { ApiError, parseResponse } from './api';

const catchErr = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('parseResponse', () => {
  it('returns the data', () => {
    expect(parseResponse<{ a: number }>(200, '{"data":{"a":1}}')).toEqual({ a: 1 });
  });
  it('turns a GraphQL error into its message and extensions.code', () => {
    const e = catchErr(() =>
      parseResponse(
        200,
        JSON.stringify({ errors: [{ message: 'no component has the id or code "X"', extensions: { code: 'NOT_FOUND' } }], data: null }),
      ),
    );
    expect(e.message).toBe('no component has the id or code "X"');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.status).toBe(200);
  });
  it('keeps the other errors as details and defaults the code', () => {
    const e = catchErr(() => parseResponse(422, JSON.stringify({ errors: [{ message: 'a' }, { message: 'b' }] })));
    expect(e.code).toBe('GRAPHQL_ERROR');
    expect(e.details).toEqual(['b']);
  });
  it('reports a body that is not JSON with the HTTP status', () => {
    const e = catchErr(() => parseResponse(413, 'request body too large'));
    expect(e.code).toBe('HTTP_413');
    expect(e.message).toBe('HTTP 413: request body too large');
  });
  it('reports an HTTP error without errors, and a response without data', () => {
    expect(catchErr(() => parseResponse(503, '{}')).code).toBe('HTTP_503');
    expect(catchErr(() => parseResponse(200, '{"data":null}')).code).toBe('BAD_RESPONSE');
  });
});
