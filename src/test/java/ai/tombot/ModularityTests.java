package ai.tombot;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(TombotApplication.class);

	@Test
	void modules_dependOnlyOnEachOthersPublicApi_verifyPasses() {
		this.modules.verify();
	}

	@Test
	void modules_areTheOnesOfTheDesign_platformTenancyIdentity() {
		assertThat(this.modules.stream().map(module -> module.getIdentifier().toString()))
			.contains("platform", "tenancy", "identity");
	}

}
