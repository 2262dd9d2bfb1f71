package ai.tombot.redaction.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.tombot.redaction.Detectors;
import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;
import ai.tombot.redaction.Redactions;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail addresses, IBANs and IP addresses, and how findings of several types come together. */
class PersonalDataDetectorsTests {

	@ParameterizedTest
	@ValueSource(strings = { "ana@example.com", "first.last+tag@mail.example.co.uk", "o'brien@example.ie",
			"jürgen@müller.de", "x_y-z@sub-domain.example.org" })
	void emailAddresses_areFound(String address) {
		String text = "write to " + address + ". Thanks";
		assertThat(EmailAddresses.find(text))
			.containsExactly(new Finding(FindingType.EMAIL, 9, 9 + address.length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "@handle", "user@localhost", "a@b.c",
			"user@-example.com", "user@example.c0m", "no at sign here" })
	void notEmailAddresses(String text) {
		assertThat(EmailAddresses.find(text)).isEmpty();
	}

	@Test
	void manyAtSigns_areReadOnce_andAddressesNextToEachOtherAreEachFound() {
		assertThat(EmailAddresses.find("a@b.io,c@d.io")).hasSize(2);
		assertThat(EmailAddresses.find("@".repeat(100_000))).isEmpty();
		assertThat(EmailAddresses.find("a@".repeat(50_000) + "example.com")).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819",
			"GB29 NWBK 6016 1331 9268 19", "FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034",
			"CH9300762011623852957", "de89370400440532013000" })
	void ibans_areFound(String iban) {
		String text = "IBAN: " + iban + ".";
		assertThat(Ibans.find(text)).containsExactly(new Finding(FindingType.IBAN, 6, 6 + iban.length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "DE89370400440532013001", // a wrong check
			"DE8937040044053201300", // too short for Germany
			"DE893704004405320130000", // too long
			"ZZ89370400440532013000", // no such country
			"XDE89370400440532013000" }) // inside a word
	void notIbans(String text) {
		assertThat(Ibans.find(text)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "192.168.0.1", "10.0.0.255", "8.8.8.8", "2001:db8::1", "fe80::1ff:fe23:4567:890a",
			"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::1", "::ffff:192.0.2.128", "2001:db8:0:0:0:0:2:1" })
	void ipAddresses_areFound(String address) {
		String text = "from " + address + ", then";
		assertThat(IpAddresses.find(text)).containsExactly(new Finding(FindingType.IP_ADDRESS, 5, 5 + address.length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "v1.2.3.4", "10:30:00", "cafe:babe",
			"00:1a:2b:3c:4d:5e", "1::2::3", "2001:db8:::1", "12345::1", "dead beef face" })
	void notIpAddresses(String text) {
		assertThat(IpAddresses.find("at " + text + " ok")).isEmpty();
	}

	@Test
	void anIpv4AddressWithAPort_andAtASentencesEnd_isFoundWithoutThem() {
		assertThat(IpAddresses.find("host 10.1.2.3:8080")).containsExactly(new Finding(FindingType.IP_ADDRESS, 5, 13));
		assertThat(IpAddresses.find("it was 10.1.2.3.")).containsExactly(new Finding(FindingType.IP_ADDRESS, 7, 15));
	}

	@Test
	void overlappingFindings_becomeOneOverAllTheyCover_withTheStrongestType() {
		// a card-like window inside an IBAN, a phone-like run inside an address
		for (String iban : List.of("DE72 5991 2604 2462 2017 76", "PL62 9169 5814 1717 9388 8819 3969",
				"CH5017168877179404072")) {
			String text = "pay to " + iban + " today";
			List<Finding> findings = Detectors.scan(text);
			assertThat(findings).as(iban).singleElement()
				.satisfies(finding -> assertThat(text.substring(finding.start(), finding.end())).isEqualTo(iban));
			assertThat(Redactions.redact(text, findings)).as(iban).matches("pay to \\[(IBAN|CARD)\\] today");
		}
		String address = "jane.smith.2125551234@gmail.com";
		assertThat(Redactions.redact("mail " + address, Detectors.scan("mail " + address))).isEqualTo("mail [EMAIL]");
	}

	@Test
	void findingsOfOneDetectorThatTouch_becomeOne() {
		// two phone numbers with a bracket between them and nothing else found: the scan's
		// shortcut for the findings of a single detector must still join them
		String text = "call 212-555-0123(212) 555-0199";
		assertThat(PhoneNumbers.find(text, "US")).containsExactly(new Finding(FindingType.PHONE, 5, 17),
				new Finding(FindingType.PHONE, 17, 31));
		assertThat(Detectors.scan(text)).containsExactly(new Finding(FindingType.PHONE, 5, 31));
	}

	@Test
	void aLongRunOfCardGroups_isRedactedWhole_withoutDigits() {
		String run = "4242 ".repeat(20_000).trim();
		assertThat(Redactions.redact(run, Detectors.scan(run))).isEqualTo("[CARD]");
	}

	@Test
	void addressesGluedToLabels_andNarrowedAddresses_areFound() {
		assertThat(IpAddresses.find("host:10.0.0.1")).containsExactly(new Finding(FindingType.IP_ADDRESS, 5, 13));
		assertThat(IpAddresses.find("SRC:10.1.2.3 DST:10.4.5.6")).hasSize(2);
		assertThat(IpAddresses.find("IPv6:2001:db8::1")).containsExactly(new Finding(FindingType.IP_ADDRESS, 5, 16));
		assertThat(IpAddresses.find("see 10.0.0.1.nip.io")).containsExactly(new Finding(FindingType.IP_ADDRESS, 4, 12));
		assertThat(IpAddresses.find("v1.2.3.4")).isEmpty();
		assertThat(IpAddresses.find("服务器10.0.0.1宕机")).containsExactly(new Finding(FindingType.IP_ADDRESS, 3, 11));
		// a local part as written, dots and all: nothing of it is left in clear
		assertThat(EmailAddresses.find("Hello...john@example.com")).containsExactly(new Finding(FindingType.EMAIL, 0, 24));
		assertThat(EmailAddresses.find("john..doe@example.com")).containsExactly(new Finding(FindingType.EMAIL, 0, 21));
		assertThat(EmailAddresses.find("john.@example.com")).containsExactly(new Finding(FindingType.EMAIL, 0, 17));
		assertThat(EmailAddresses.find("john@example.com.2024")).containsExactly(new Finding(FindingType.EMAIL, 0, 16));
		assertThat(EmailAddresses.find("ivan@example.xn--p1ai")).hasSize(1);
		String url = "https://app.example.com/account/settings/notifications?redirect=%2Fhome&email=john.doe@example.com";
		assertThat(EmailAddresses.find(url)).singleElement()
			.satisfies(finding -> assertThat(url.substring(finding.start(), finding.end())).endsWith("john.doe@example.com"));
		assertThat(Ibans.find("IBAN DE89-3704-0044-0532-0130-00")).hasSize(1);
		assertThat(Ibans.find("IBAN DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000")).hasSize(1);
	}

	@Test
	void findingsOfSeveralTypes_comeInOrder_andTheStrongerTypeWinsAnOverlap() {
		String text = "mail ana@example.com from 10.0.0.1, IBAN DE89 3704 0044 0532 0130 00, card 4111111111111111";
		List<Finding> findings = Detectors.scan(text);
		assertThat(findings).extracting(Finding::type)
			.containsExactly(FindingType.EMAIL, FindingType.IP_ADDRESS, FindingType.IBAN, FindingType.CARD_NUMBER);
		assertThat(Redactions.redact(text, findings))
			.isEqualTo("mail [EMAIL] from [IP_ADDRESS], IBAN [IBAN], card [CARD •••• 1111]");
		// a card number that is also a run of digits an IP check would not take: the card wins
		assertThat(Detectors.scan("4111111111111111")).extracting(Finding::type)
			.containsExactly(FindingType.CARD_NUMBER);
	}

}
