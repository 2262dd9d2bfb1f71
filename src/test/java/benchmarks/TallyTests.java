package benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault harness's books: each kind of loss or excess is counted, and a clean run counts none. */
class TallyTests {

	private static final Map<String, IngestDriver.Ack> ACKED = Map.of("m-1", new IngestDriver.Ack("s-1", 201), "m-2",
			new IngestDriver.Ack("s-2", 200), "m-3", new IngestDriver.Ack("s-3", 201));

	private static final Set<String> SENT = Set.of("m-1", "m-2", "m-3", "m-4");

	@Test
	void everythingReadBackOnce_countsNothing_andTheReplay() {
		Tally tally = Tally.of(ACKED, SENT,
				Map.of("m-1", List.of("s-1"), "m-2", List.of("s-2"), "m-3", List.of("s-3"), "m-4", List.of("s-4")));
		assertThat(tally.missing()).isZero();
		assertThat(tally.duplicates()).isZero();
		assertThat(tally.unexpected()).isZero();
		assertThat(tally.replayed()).isEqualTo(1);
	}

	@Test
	void anAcknowledgedMessageNotReadBack_orReadBackUnderAnotherId_isMissing() {
		Tally tally = Tally.of(ACKED, SENT, Map.of("m-1", List.of("s-1"), "m-2", List.of("s-other")));
		assertThat(tally.missing()).isEqualTo(2); // m-2 under another id, m-3 not at all
		assertThat(tally.missingSamples()).hasSize(2).anySatisfy(sample -> assertThat(sample).startsWith("m-2 "))
			.anySatisfy(sample -> assertThat(sample).startsWith("m-3 "));
	}

	@Test
	void aMessageStoredTwice_isADuplicate_andOneNeverSent_isUnexpected() {
		Tally tally = Tally.of(ACKED, SENT, Map.of("m-1", List.of("s-1", "s-1b"), "m-2", List.of("s-2"), "m-3",
				List.of("s-3"), "x-9", List.of("s-9")));
		assertThat(tally.missing()).isZero();
		assertThat(tally.duplicates()).isEqualTo(1);
		assertThat(tally.unexpected()).isEqualTo(1);
	}

	@Test
	void eachStoredMessage_hasExactlyOneCreationEntry_andNoEntryNamesAMessageNotStored() {
		Map<String, List<String>> found = Map.of("m-1", List.of("s-1"), "m-2", List.of("s-2"), "m-3", List.of("s-3"));
		assertThat(Tally.Audit.of(found, Map.of("s-1", 1, "s-2", 1, "s-3", 1)).clean()).isTrue();
		Tally.Audit off = Tally.Audit.of(found, Map.of("s-1", 2, "s-3", 1, "s-9", 1));
		assertThat(off.unaudited()).isEqualTo(1); // s-2
		assertThat(off.repeated()).isEqualTo(1); // s-1
		assertThat(off.orphaned()).isEqualTo(1); // s-9
		assertThat(off.clean()).isFalse();
		assertThat(off.samples()).hasSize(3);
	}

}
