package ai.tombot.platform.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/** The port the HTTPS connector listens on, known once the server has started. */
class HttpsPort implements ApplicationListener<WebServerInitializedEvent> {

	private final AtomicInteger port;

	HttpsPort(int configured) {
		this.port = new AtomicInteger(configured);
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		this.port.set(event.getWebServer().getPort());
	}

	int get() {
		return this.port.get();
	}

}
