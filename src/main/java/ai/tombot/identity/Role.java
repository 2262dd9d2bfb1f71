package ai.tombot.identity;

/**
 * A role a user holds. Platform staff hold platform roles; tenant users hold tenant roles.
 * The Spring Security authority of a role is {@code ROLE_} followed by its name.
 */
public enum Role {

	OPERATOR;

	public String authority() {
		return "ROLE_" + name();
	}

}
