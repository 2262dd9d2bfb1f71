package ai.tombot.keys;

import java.time.Instant;

/** What decryption gives: the plaintext, or the news that the subject was erased. */
public sealed interface Decrypted permits Decrypted.Plaintext, Decrypted.Erased {

	/** {@code toString} does not show the plaintext. */
	record Plaintext(byte[] bytes) implements Decrypted {

		@Override
		public String toString() {
			return "Plaintext[" + this.bytes.length + " bytes]";
		}

	}

	/** The subject's key was destroyed at {@code erasedAt}: its data is gone for good. */
	record Erased(Instant erasedAt) implements Decrypted {
	}

}
