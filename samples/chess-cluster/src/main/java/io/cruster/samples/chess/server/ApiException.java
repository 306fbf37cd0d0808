package io.cruster.samples.chess.server;

import io.cruster.samples.chess.Refusal;

/**
 * A request the API refuses, with its HTTP status and error code; answered as {@code
 * {"error":CODE,"message":...}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException of(Refusal refusal, String message) {
    return new ApiException(refusal.httpStatus(), refusal.name(), message);
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
