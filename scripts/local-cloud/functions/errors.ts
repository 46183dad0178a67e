/**
 * Errors of the function runtime, each with the code the cloud answers on the wire
 * (`{code, message}` envelope of `functions.invokeFunction`; wx-server-sdk maps `code` to errCode).
 */

/** Base class: `code` is the TCB error code name, `errCode` the number the SDK surfaces. */
export class FunctionRuntimeError extends Error {
  override name = 'FunctionRuntimeError';
  constructor(
    message: string,
    readonly code: string,
    readonly errCode: number,
  ) {
    super(message);
  }
}

/** No function of that name under the functions root. */
export class FunctionNotFoundError extends FunctionRuntimeError {
  override name = 'FunctionNotFoundError';
  constructor(fn: string) {
    super(`[ResourceNotFound.Function] function ${fn} not found`, 'FUNCTIONS_REQUEST_FAIL', -504001);
  }
}

/** The function threw, rejected, or its instance died during the invocation. */
export class FunctionExecutionError extends FunctionRuntimeError {
  override name = 'FunctionExecutionError';
  constructor(
    fn: string,
    detail: string,
    readonly functionStack?: string,
  ) {
    super(`errCode: -504002 functions execute fail | errMsg: ${fn}: ${detail}`, 'FUNCTIONS_EXECUTE_FAIL', -504002);
  }
}

/** The invocation ran longer than the function's timeout; the instance was killed. */
export class FunctionTimeoutError extends FunctionRuntimeError {
  override name = 'FunctionTimeoutError';
  constructor(fn: string, timeoutMs: number) {
    super(
      `errCode: -504003 | errMsg: Invoking task timed out after ${timeoutMs / 1000} seconds (function ${fn})`,
      'FUNCTIONS_EXECUTE_FAIL',
      -504003,
    );
  }
}

/** The instance's peak memory went over the function's memorySize; the instance was killed. */
export class FunctionMemoryError extends FunctionRuntimeError {
  override name = 'FunctionMemoryError';
  constructor(fn: string, peakMb: number, limitMb: number) {
    super(
      `errCode: -504002 functions execute fail | errMsg: ${fn}: memory limit exceeded: peak ${Math.round(peakMb)} MB > ${limitMb} MB (config.json memorySize)`,
      'FUNCTIONS_EXECUTE_FAIL',
      -504002,
    );
  }
}

/** The runtime is closed or the pool could not place the call. */
export class FunctionUnavailableError extends FunctionRuntimeError {
  override name = 'FunctionUnavailableError';
  constructor(message: string) {
    super(message, 'FUNCTIONS_REQUEST_FAIL', -504001);
  }
}

/** A function answered a mini program with more than the cloud passes back (1 MB of JSON). */
export class ResponseTooLargeError extends FunctionRuntimeError {
  override name = 'ResponseTooLargeError';
  constructor(fn: string, bytes: number, limit: number) {
    super(`EXCEED_MAX_RESPONSE_SIZE: data exceed max size: ${fn} answered ${bytes} bytes, over the ${limit} a client call may return`, 'EXCEED_MAX_RESPONSE_SIZE', -501001);
  }
}
