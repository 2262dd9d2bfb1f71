package ai.tombot.keys;

/** The data subject was erased: nothing can be encrypted for it any more. */
public class SubjectErasedException extends RuntimeException {

	public SubjectErasedException() {
		super("the data subject was erased");
	}

}
