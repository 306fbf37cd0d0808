package io.cruster.admin.internal;

/**
 * A request the API answers with an error: the HTTP status, a stable machine-readable code and a
 * message for a human. Rendered as {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  static ApiError notFound(String code, String message) {
    return new ApiError(404, code, message);
  }

  static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The machine-readable code, such as {@code unknown_execution}. */
  public String code() {
    return code;
  }
}
