package ai.tombot.redaction.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EmailAddresses} finds exactly what {@link EmailAddressesReference}, the detector before
 * its early exits, finds: on random text of {@code @}, dots, hyphens, letters (also accented),
 * digits, spaces and whole addresses, as a {@link String} and as another {@link CharSequence}.
 */
class EmailAddressesReferenceTests {

	@Property(tries = 3000)
	void findsWhatTheReferenceFinds(@ForAll("texts") String text) {
		assertThat(EmailAddresses.find(text)).isEqualTo(EmailAddressesReference.find(text));
		StringBuilder sequence = new StringBuilder(text);
		assertThat(EmailAddresses.find(sequence)).isEqualTo(EmailAddressesReference.find(sequence));
	}

	@Provide
	Arbitrary<String> texts() {
		Arbitrary<String> pieces = Arbitraries.frequencyOf(
				Tuple.of(20,
						Arbitraries.of("a", "b", "x", "é", "Z", "0", "9", "@", ".", "-", "_", "+", " ", ":", "xn--",
								".co", ".uk", "..", "@@", ".@", "@.")),
				Tuple.of(1, Arbitraries.of("john.doe@example.com", "a@b.co", "x@xn--p1ai", "é@mañana.es",
						"a@example.com.2024")));
		return pieces.list().ofMaxSize(120).map(list -> String.join("", list));
	}

}
