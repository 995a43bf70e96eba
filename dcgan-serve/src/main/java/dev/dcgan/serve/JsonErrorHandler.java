package dev.dcgan.serve;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty itself answers (a malformed request line, a header too large) in TF Serving's
 * form, {@code {"error": "..."}}: no HTML page, no stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    var body = new JsonObject();
    body.addProperty("error", message == null ? HttpStatus.getMessage(code) : message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, StandardCharsets.UTF_8.encode(body.toString()), callback);
  }
}
