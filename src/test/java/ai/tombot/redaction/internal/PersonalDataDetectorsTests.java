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
	@ValueSource(strings = { "@handle", "user@localhost", "a@b.c", "a..b@example.com", "a.@example.com",
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
