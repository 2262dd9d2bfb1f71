/**
 * Platform: what every other module stands on. It starts the HTTPS server (a self-signed
 * certificate in embedded mode, TLS 1.2/1.3 only, HSTS, plain HTTP answering only 308
 * redirects), validates the {@code tombot.*} configuration, opens the stores — one control
 * store and one store per region, H2 files in embedded mode or PostgreSQL in production,
 * each migrated by Flyway and checked to be the store it is configured as — and turns every
 * error into an RFC 9457 {@code application/problem+json} answer. Other modules reach the
 * stores through {@link ai.tombot.platform.Stores} and signal client errors with
 * {@link ai.tombot.platform.ApiProblem}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package ai.tombot.platform;
