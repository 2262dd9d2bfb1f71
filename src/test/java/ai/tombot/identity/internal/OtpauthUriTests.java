package ai.tombot.identity.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The enrolment URI an authenticator app scans. */
class OtpauthUriTests {

	@Test
	void uri_isWhatAuthenticatorAppsScan() {
		assertThat(MfaService.otpauthUri("acme/alice smith", "ABC")).isEqualTo(
				"otpauth://totp/Tombot%3Aacme%2Falice%20smith?secret=ABC&issuer=Tombot&algorithm=SHA1&digits=6&period=30");
	}

}
