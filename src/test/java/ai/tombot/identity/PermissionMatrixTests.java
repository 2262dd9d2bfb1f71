package ai.tombot.identity;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** The permission matrix in the code, in the docs, and in the endpoints agree. */
class PermissionMatrixTests {

	private static final Path DOC = Path.of("docs/permissions.md");

	@Test
	void docsTable_listsEveryPermissionWithTheRolesAndAuthorityOfTheCode() throws IOException {
		List<String> lines = Files.readAllLines(DOC);
		String header = lines.stream().filter(l -> l.startsWith("| permission |")).findFirst().orElseThrow();
		List<String> columns = cells(header);
		Set<Permission> documented = EnumSet.noneOf(Permission.class);
		for (String line : lines) {
			if (!line.matches("\\| `[A-Z_]+` \\| `tombot:.*")) {
				continue;
			}
			List<String> cells = cells(line);
			Permission permission = Permission.valueOf(strip(cells.get(0)));
			documented.add(permission);
			assertThat(strip(cells.get(1))).as("authority of %s", permission).isEqualTo(permission.authority());
			Set<Role> ticked = EnumSet.noneOf(Role.class);
			for (int i = 2; i < columns.size(); i++) {
				String column = strip(columns.get(i));
				if (Arrays.stream(Role.values()).anyMatch(role -> role.name().equals(column)) && cells.get(i).contains("✔")) {
					ticked.add(Role.valueOf(column));
				}
			}
			assertThat(ticked).as("roles of %s in %s", permission, DOC).isEqualTo(permission.roles());
		}
		assertThat(documented).containsExactlyInAnyOrder(Permission.values());
		for (Role role : Role.values()) {
			assertThat(header).contains("`" + role.name() + "`");
		}
	}

	@Test
	void endpoints_checkOnlyAuthoritiesOfTheMatrix() {
		// besides the matrix: "has a login session", for a person's own-account endpoints
		Set<String> known = new HashSet<>(Set.of("tombot:session"));
		for (Permission permission : Permission.values()) {
			known.add(permission.authority());
		}
		List<String> used = new ArrayList<>();
		for (Class<?> type : controllers()) {
			List<PreAuthorize> rules = new ArrayList<>();
			if (type.getAnnotation(PreAuthorize.class) != null) {
				rules.add(type.getAnnotation(PreAuthorize.class));
			}
			for (Method method : type.getDeclaredMethods()) {
				if (method.getAnnotation(PreAuthorize.class) != null) {
					rules.add(method.getAnnotation(PreAuthorize.class));
				}
			}
			for (PreAuthorize rule : rules) {
				assertThat(rule.value()).as("%s checks a permission, not a role", type.getSimpleName())
					.doesNotContain("hasRole");
				Matcher authorities = Pattern.compile("'(tombot:[^']+)'").matcher(rule.value());
				while (authorities.find()) {
					used.add(authorities.group(1));
				}
			}
		}
		assertThat(used).isNotEmpty();
		assertThat(known).containsAll(used);
	}

	/**
	 * Every controller either checks a matrix authority on each handler, or is one of the
	 * listed ones that check otherwise (public, the caller's own account, or scope checks in
	 * a service). A new controller without checks fails here.
	 */
	@Test
	void everyHandler_isGuardedOrListedAsCheckedElsewhere() {
		// the Twilio webhook is public: a call proves itself by its signature (TwilioWebhookTests)
		Set<String> checkedElsewhere = Set.of("SetupController", "AuthController", "TenantUserController",
				"ProblemErrorController", "TwilioWebhookController");
		List<String> unguarded = new ArrayList<>();
		for (Class<?> type : controllers()) {
			if (checkedElsewhere.contains(type.getSimpleName())) {
				continue;
			}
			for (Method method : type.getDeclaredMethods()) {
				boolean handler = Arrays.stream(method.getAnnotations())
					.anyMatch(a -> a.annotationType().getSimpleName().endsWith("Mapping"));
				if (handler && method.getAnnotation(PreAuthorize.class) == null
						&& type.getAnnotation(PreAuthorize.class) == null) {
					unguarded.add(type.getSimpleName() + "." + method.getName());
				}
			}
		}
		assertThat(unguarded).isEmpty();
	}

	@Test
	void permissionsOf_severalRoles_isTheUnion() {
		assertThat(Permission.of(List.of(Role.AGENT, Role.AUDITOR))).contains(Permission.CONVERSATIONS_WRITE,
				Permission.AUDIT_READ, Permission.TENANT_USERS_READ).doesNotContain(Permission.TENANT_USERS_MANAGE);
		assertThat(Permission.of(List.of())).isEmpty();
	}

	/** Every {@code @RestController} class of Tombot. */
	private static List<Class<?>> controllers() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		List<Class<?>> types = new ArrayList<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("ai.tombot")) {
			try {
				types.add(Class.forName(definition.getBeanClassName()));
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return types;
	}

	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>(Arrays.asList(line.split("\\|")));
		cells.remove(0);
		return cells;
	}

	private static String strip(String cell) {
		return cell.replace("`", "").strip();
	}

}
