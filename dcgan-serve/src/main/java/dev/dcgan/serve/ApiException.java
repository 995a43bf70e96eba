package dev.dcgan.serve;

/**
 * A request the server refuses or cannot answer: an HTTP status and the one-sentence message that
 * goes to the client as TF Serving's error body, {@code {"error": "..."}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false); // the client never sees a stack trace; none is taken
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  int status() {
    return status;
  }
}
