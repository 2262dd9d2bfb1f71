package ai.tombot.platform.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import ai.tombot.platform.ProblemTypes;

/**
 * Replaces Tomcat's HTML error page for the errors Tomcat answers itself, before any filter
 * runs (a malformed request line or Host header, for example): problem+json over HTTPS, with
 * HSTS; an empty body over plain HTTP. Never a server version, a message or a stack trace.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			response.resetBuffer();
			if (!request.isSecure()) {
				response.setContentLength(0);
				return;
			}
			response.setHeader("Strict-Transport-Security", TransportSecurityFilter.HSTS);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"" + ProblemTypes.forStatus(status) + "\",\"status\":" + status + "}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response committed: nothing more can be said
		}
	}

}
