package ai.tombot.redaction.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import ai.tombot.redaction.Finding;
import ai.tombot.redaction.FindingType;

/**
 * The scanner's benchmark baseline: the same detection as {@code Detectors.scan}, written the
 * usual way, with {@code java.util.regex} patterns. Patterns find the candidates and check
 * their shape (groups of digits, SSN groups and context words, e-mail local parts and domain
 * labels, IBAN groups, IPv4 and IPv6 grammar, phone-number runs); code does what a pattern
 * cannot (the Luhn and brand-table check of {@link CardNumbers#isCard}, the mod-97 check,
 * libphonenumber's parse and validity check on each candidate
 * the phone-run pattern and the group rules give, where the scanner first leaves out digit
 * counts no valid number has). Overlapping findings become one, with
 * the strongest type, as in the scanner. {@code ScannerBaselineTests} checks that both give
 * the same findings.
 */
public final class RegexScanner {

	private static final String DIGIT = "\\p{Nd}";

	private static final String CARD_SEPARATOR = "[ \\-\\u00A0\\u2007\\u2009\\u202F\\u2010\\u2011\\u2012\\u2013\\u2212]";

	/** A run of digit groups joined by single separators. */
	private static final Pattern CARD_RUN = Pattern.compile(DIGIT + "+(?:" + CARD_SEPARATOR + DIGIT + "+)*");

	private static final Pattern DIGIT_GROUP = Pattern.compile(DIGIT + "+");

	private static final String AREA = "(?!000|666|9)[0-9]{3}";

	private static final String GROUP = "(?!00)[0-9]{2}";

	private static final String SERIAL = "(?!0000)[0-9]{4}";

	/**
	 * A grouped SSN standing alone (a dashed one may stand a space away from another number),
	 * or nine bare digits standing alone. Each starts where a run of ASCII digits starts.
	 */
	private static final Pattern SSN = Pattern.compile("(?<![0-9])(?:"
			+ "(?<![0-9]-)" + AREA + "-" + GROUP + "-" + SERIAL + "(?![0-9])(?!-[0-9])"
			+ "|(?<![0-9][ -])" + AREA + " " + GROUP + " " + SERIAL + "(?![0-9])(?![ -][0-9])"
			+ "|(?<bare>(?<![0-9][ -])" + AREA + GROUP + SERIAL + "(?![0-9])(?![ -][0-9])))");

	/** A word that names an SSN, as a word of its own. */
	private static final Pattern SSN_CONTEXT = Pattern
		.compile("(?<!\\p{L})(?:(?:ssns?|social|soc\\.? sec)(?!\\p{L})|ss ?#)", Pattern.CASE_INSENSITIVE);

	private static final String LOCAL_SYMBOL = ".!#$%&'*+/=?^_`{|}~\\-";

	/** An e-mail address's local part (leading symbols aside) and its {@code @}. */
	private static final Pattern EMAIL_LOCAL = Pattern
		.compile("[" + LOCAL_SYMBOL + "]*(?<local>[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}" + LOCAL_SYMBOL + "]*)?@");

	private static final Pattern EMAIL_DOMAIN_RUN = Pattern.compile("[\\p{L}\\p{Nd}.\\-]*");

	private static final String LABEL = "[\\p{L}\\p{Nd}](?:[\\p{L}\\p{Nd}\\-]{0,61}[\\p{L}\\p{Nd}])?";

	/** The longest run of labels, ending where a label ends, whose last label is a top-level one. */
	private static final Pattern EMAIL_DOMAIN = Pattern
		.compile("(?:" + LABEL + "\\.)+(?:(?i:xn--)[\\p{L}\\p{Nd}\\-]{0,58}[\\p{L}\\p{Nd}]|\\p{L}{2,63})(?=\\.|$)");

	private static final Pattern IBAN_HEAD = Pattern.compile("(?<![\\p{L}\\p{Nd}])([A-Za-z]{2})[0-9]{2}");

	/** The rest of an IBAN of each length: ASCII letters and digits, single separators between, no word after. */
	private static final Map<Integer, Pattern> IBAN_REST = new HashMap<>();

	private static final Pattern IP_RUN = Pattern.compile("[0-9a-fA-F:.]+");

	private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";

	/** An IPv4 address between colons or the ends of a run, full stops after it aside. */
	private static final Pattern IPV4_PART = Pattern.compile("(?:^|(?<=:))(" + IPV4 + ")\\.*(?=:|$)");

	private static final Pattern IPV6 = Pattern.compile(ipv6());

	private static final String PHONE_SEPARATOR = "[ \\-./()\\u00A0\\u2009\\u202F\\u3000\\u2010\\u2011\\u2012\\u2013\\u2014"
			+ "\\u2015\\u2212\\uFF0D\\uFF0E\\uFF0F\\uFF08\\uFF09]";

	/**
	 * A run of phone-number groups: a plus or an opening bracket or not, a group of digits, more
	 * groups each after one to three separators, as long as it goes, no digit just before it.
	 */
	private static final Pattern PHONE_RUN = Pattern
		.compile("(?<!\\p{Nd})[+\\uFF0B(\\uFF08]?\\p{Nd}++(?:" + PHONE_SEPARATOR + "{1,3}+\\p{Nd}++)*+");

	private static final Pattern OPENING = Pattern.compile("[(\\uFF08]");

	private static final Pattern LATIN_LETTER = Pattern.compile("[A-Za-z]");

	/** A year, a month and a day with single separators: a date, not a phone number. */
	private static final Pattern DATE = Pattern.compile("[12]\\p{Nd}{3}[-/.]\\p{Nd}{2}[-/.]\\p{Nd}{2}(?!\\p{Nd})");

	private static final Pattern THIN_SPACE = Pattern.compile("[\\u2009\\u202F]");


	/** The types, strongest first, as {@link #scan} lists its detectors' findings. */
	private static final FindingType[] BY_STRENGTH = { FindingType.CARD_NUMBER, FindingType.US_SSN, FindingType.IBAN,
			FindingType.EMAIL, FindingType.PHONE, FindingType.IP_ADDRESS };

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	static {
		for (int length = 15; length <= 34; length++) {
			IBAN_REST.put(length,
					Pattern.compile("(?:" + CARD_SEPARATOR + "?[A-Za-z0-9]){" + (length - 4) + "}(?![\\p{L}\\p{Nd}])"));
		}
	}

	private RegexScanner() {
	}

	public static List<Finding> scan(CharSequence text, String region) {
		List<List<Finding>> byStrength = List.of(cards(text), ssns(text), ibans(text), emails(text),
				phones(text, region), ips(text));
		return merge(byStrength);
	}

	static List<Finding> cards(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		Matcher run = CARD_RUN.matcher(text);
		while (run.find()) {
			List<int[]> groups = new ArrayList<>(); // start, end, first digit's index, end digit index
			StringBuilder digits = new StringBuilder();
			Matcher group = DIGIT_GROUP.matcher(text).region(run.start(), run.end());
			while (group.find()) {
				int first = digits.length();
				for (int i = group.start(); i < group.end(); i++) {
					digits.append((char) ('0' + Character.digit(text.charAt(i), 10)));
				}
				groups.add(new int[] { group.start(), group.end(), first, digits.length() });
			}
			int[] values = digits.chars().map(c -> c - '0').toArray();
			int spanStart = -1;
			int spanEnd = -1;
			for (int a = 0; a < groups.size(); a++) {
				for (int b = a; b < groups.size(); b++) {
					int length = groups.get(b)[3] - groups.get(a)[2];
					if (length > 19) {
						break;
					}
					if (CardNumbers.isCard(values, groups.get(a)[2], length)) {
						int start = groups.get(a)[0];
						int end = groups.get(b)[1];
						if (spanStart >= 0 && start < spanEnd) {
							spanEnd = Math.max(spanEnd, end);
						}
						else {
							if (spanStart >= 0) {
								found.add(new Finding(FindingType.CARD_NUMBER, spanStart, spanEnd));
							}
							spanStart = start;
							spanEnd = end;
						}
					}
				}
			}
			if (spanStart >= 0) {
				found.add(new Finding(FindingType.CARD_NUMBER, spanStart, spanEnd));
			}
		}
		return found;
	}

	static List<Finding> ssns(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		Matcher ssn = SSN.matcher(text);
		Matcher context = SSN_CONTEXT.matcher(text);
		while (ssn.find()) {
			if (ssn.group("bare") != null) {
				// a context word within 40 characters before or 20 after, read in that window only
				context.region(Math.max(0, ssn.start() - 40), Math.min(text.length(), ssn.end() + 20));
				if (!context.find()) {
					continue;
				}
			}
			found.add(new Finding(FindingType.US_SSN, ssn.start(), ssn.end()));
		}
		return found;
	}

	static List<Finding> emails(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		Matcher local = EMAIL_LOCAL.matcher(text);
		Matcher run = EMAIL_DOMAIN_RUN.matcher(text);
		Matcher domain = EMAIL_DOMAIN.matcher(text);
		int from = 0;
		int lastEnd = 0;
		while (from < text.length() && local.find(from)) {
			int at = local.end() - 1;
			run.region(at + 1, text.length());
			run.lookingAt();
			int end = run.end();
			while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
				end--;
			}
			end = Math.min(end, at + 1 + 253);
			if (local.group("local") != null && end > at + 1) {
				domain.region(at + 1, end);
				if (domain.lookingAt()) {
					found.add(new Finding(FindingType.EMAIL, local.start("local"), domain.end()));
					lastEnd = domain.end();
				}
			}
			from = Math.max(at + 1, lastEnd);
		}
		return found;
	}

	static List<Finding> ibans(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		Matcher head = IBAN_HEAD.matcher(text);
		int from = 0;
		while (from < text.length() && head.find(from)) {
			Integer length = Ibans.lengthOf(head.group(1).toUpperCase(Locale.ROOT));
			from = head.start() + 1;
			if (length == null) {
				continue;
			}
			Matcher rest = IBAN_REST.get(length).matcher(text).region(head.end(), text.length());
			if (rest.lookingAt() && mod97(text, head.start(), rest.end()) == 1) {
				found.add(new Finding(FindingType.IBAN, head.start(), rest.end()));
				from = rest.end();
			}
		}
		return found;
	}

	private static int mod97(CharSequence text, int start, int end) {
		String compact = text.subSequence(start, end).toString().replaceAll("[^A-Za-z0-9]", "");
		String rearranged = compact.substring(4) + compact.substring(0, 4);
		int remainder = 0;
		for (int i = 0; i < rearranged.length(); i++) {
			char c = rearranged.charAt(i);
			remainder = c <= '9' ? (remainder * 10 + (c - '0')) % 97
					: (remainder * 100 + Character.toUpperCase(c) - 'A' + 10) % 97;
		}
		return remainder;
	}

	static List<Finding> ips(CharSequence text) {
		List<Finding> found = new ArrayList<>();
		int n = text.length();
		Matcher run = IP_RUN.matcher(text);
		Matcher ipv6 = IPV6.matcher(text);
		Matcher ipv4 = IPV4_PART.matcher(text);
		while (run.find()) {
			int from = run.start();
			int to = run.end();
			boolean open = true;
			// a part glued to a word is the word's; after a colon or a dot the rest is not
			if (from > 0 && asciiWord(text.charAt(from - 1)) && text.charAt(from) != ':') {
				int colon = indexOf(text, from, to, ":");
				open = colon >= 0;
				from = colon + 1;
			}
			if (open && to < n && asciiWord(text.charAt(to)) && text.charAt(to - 1) != ':' && text.charAt(to - 1) != '.') {
				int separator = lastIndexOf(text, from, to);
				open = separator >= 0;
				to = separator;
			}
			if (!open || from >= to) {
				continue;
			}
			int trimmed = to;
			while (trimmed > from && (text.charAt(trimmed - 1) == '.' || text.charAt(trimmed - 1) == ':')
					&& !(trimmed - 2 >= from && text.charAt(trimmed - 1) == ':' && text.charAt(trimmed - 2) == ':')) {
				trimmed--;
			}
			if (trimmed - from >= 3 && trimmed - from <= 45 && ipv6.region(from, trimmed).matches()) {
				found.add(new Finding(FindingType.IP_ADDRESS, from, trimmed));
				continue;
			}
			ipv4.region(from, to);
			while (ipv4.find()) {
				found.add(new Finding(FindingType.IP_ADDRESS, ipv4.start(1), ipv4.end(1)));
			}
		}
		return found;
	}

	private static int indexOf(CharSequence text, int from, int to, String what) {
		int at = text.subSequence(from, to).toString().indexOf(what);
		return at < 0 ? -1 : from + at;
	}

	private static int lastIndexOf(CharSequence text, int from, int to) {
		String part = text.subSequence(from, to).toString();
		int at = Math.max(part.lastIndexOf(':'), part.lastIndexOf('.'));
		return at < 0 ? -1 : from + at;
	}

	private static boolean asciiWord(char c) {
		return c < 128 && Character.isLetterOrDigit(c);
	}

	/**
	 * IPv6 text forms: eight groups, or a {@code ::} with at most seven around it, the last two
	 * possibly an IPv4 address: one alternative for each count of groups before and after.
	 */
	private static String ipv6() {
		String h = "[0-9a-fA-F]{1,4}";
		List<String> forms = new ArrayList<>();
		forms.add("(?:" + h + ":){7}" + h);
		forms.add("(?:" + h + ":){6}" + IPV4);
		for (int before = 0; before <= 7; before++) {
			for (int after = 0; before + after <= 7; after++) {
				if (before + after == 0) {
					continue; // "::" alone is too short to be taken
				}
				String head = before == 0 ? "" : "(?:" + h + ":){" + (before - 1) + "}" + h;
				forms.add(head + "::" + (after == 0 ? "" : h + "(?::" + h + "){" + (after - 1) + "}"));
				if (after >= 2) {
					forms.add(head + "::" + (after == 2 ? "" : "(?:" + h + ":){" + (after - 2) + "}") + IPV4);
				}
			}
		}
		return String.join("|", forms);
	}

	/**
	 * Runs of phone-number groups; in each, from its start, the longest first groups (at most
	 * {@value PhoneNumbers#MAX_GROUPS}, with {@value PhoneNumbers#FEWEST_DIGITS} to
	 * {@value PhoneNumbers#MAX_DIGITS} digits) libphonenumber parses as a valid number, then the
	 * same from the next group, until no number is found. Every such candidate is parsed (the
	 * scanner first leaves out digit counts no valid number has). Runs glued to a Latin letter
	 * before them, numbers glued to one after, and groups starting with a date are left out.
	 */
	static List<Finding> phones(CharSequence text, String region) {
		List<Finding> found = new ArrayList<>();
		String country = region == null ? "ZZ" : region.toUpperCase(Locale.ROOT);
		Matcher run = PHONE_RUN.matcher(text);
		Matcher group = DIGIT_GROUP.matcher(text);
		Matcher date = DATE.matcher(text).useTransparentBounds(true);
		while (run.find()) {
			if (run.start() > 0 && isOne(LATIN_LETTER, text, run.start() - 1)) {
				continue;
			}
			List<int[]> groups = new ArrayList<>();
			group.region(run.start(), run.end());
			while (group.find()) {
				groups.add(new int[] { group.start(), group.end() });
			}
			int spanStart = run.start();
			int a = 0;
			while (a < groups.size()) {
				if (date.region(groups.get(a)[0], text.length()).lookingAt()) {
					break;
				}
				int number = -1;
				for (int last = Math.min(groups.size(), a + PhoneNumbers.MAX_GROUPS) - 1; last >= a && number < 0; last--) {
					int digits = 0;
					for (int g = a; g <= last; g++) {
						digits += groups.get(g)[1] - groups.get(g)[0];
					}
					int end = groups.get(last)[1];
					if (digits < PhoneNumbers.FEWEST_DIGITS || digits > PhoneNumbers.MAX_DIGITS
							|| last == groups.size() - 1 && end < text.length() && isOne(LATIN_LETTER, text, end)) {
						continue;
					}
					String candidate = THIN_SPACE.matcher(text.subSequence(spanStart, end)).replaceAll(" ");
					try {
						if (PHONES.isValidNumber(PHONES.parse(candidate, country))) {
							number = last;
						}
					}
					catch (NumberParseException ex) {
						// not a number
					}
				}
				if (number < 0) {
					break;
				}
				found.add(new Finding(FindingType.PHONE, spanStart, groups.get(number)[1]));
				a = number + 1;
				if (a < groups.size()) {
					int next = groups.get(a)[0];
					spanStart = isOne(OPENING, text, next - 1) ? next - 1 : next;
				}
			}
		}
		return found;
	}

	private static boolean isOne(Pattern pattern, CharSequence text, int at) {
		return pattern.matcher(text).region(at, at + 1).matches();
	}

	/** Overlapping findings become one, over all they cover, labelled with the strongest type among them. */
	static List<Finding> merge(List<List<Finding>> byStrength) {
		record Ranked(Finding finding, int strength) {
		}
		List<Ranked> all = new ArrayList<>();
		for (int strength = 0; strength < byStrength.size(); strength++) {
			for (Finding finding : byStrength.get(strength)) {
				all.add(new Ranked(finding, strength));
			}
		}
		all.sort(Comparator.comparingInt(ranked -> ranked.finding().start()));
		List<Finding> merged = new ArrayList<>();
		int i = 0;
		while (i < all.size()) {
			int start = all.get(i).finding().start();
			int end = all.get(i).finding().end();
			int strongest = all.get(i).strength();
			int j = i + 1;
			while (j < all.size() && all.get(j).finding().start() <= end) { // touching ones too, as the scanner's do
				end = Math.max(end, all.get(j).finding().end());
				strongest = Math.min(strongest, all.get(j).strength());
				j++;
			}
			merged.add(new Finding(BY_STRENGTH[strongest], start, end));
			i = j;
		}
		return merged;
	}

}
