package ai.tombot.keys;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Only {@code keys} touches key material: raw JCE ciphers, GCM parameters, key generators and
 * Tink are used inside {@code ai.tombot.keys.internal} and nowhere else in Tombot's
 * production code. (HMACs stay allowed: TOTP codes are HMACs of a user's own secret.)
 */
class CryptoConfinementTests {

	private static final JavaClasses TOMBOT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("ai.tombot");

	@Test
	void rawCiphersAndTink_onlyInsideKeysInternals() {
		noClasses().that()
			.resideOutsideOfPackage("ai.tombot.keys.internal..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("javax.crypto.Cipher")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("javax.crypto.spec.GCMParameterSpec")
			.orShould()
			.dependOnClassesThat()
			.resideInAPackage("com.google.crypto.tink..")
			.because("key material and cipher code live in the keys module's internals only")
			.check(TOMBOT);
	}

	@Test
	void keysAreGeneratedOnlyInsideKeysInternals() {
		noClasses().that()
			.resideOutsideOfPackage("ai.tombot.keys.internal..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("javax.crypto.KeyGenerator")
			.check(TOMBOT);
	}

}
