package ai.tombot.redaction.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Text for the scanner's benchmark and its baseline test, the same on every run (fixed seeds).
 *
 * <p>{@link #chat()}: short chat messages, mostly words, some with the numbers chats are full of
 * (order ids, dates, times, prices, tracking numbers, versions, URLs), and now and then
 * something to find: card numbers of several brands and separators, SSNs, e-mail addresses,
 * US and international phone numbers, IBANs, IPv4 and IPv6 addresses. A few accented words and
 * emoji, so its size in UTF-8 bytes is a little more than its length in chars.
 *
 * <p>{@link #adversarial(Kind)}: one message as long as the chat corpus is in UTF-8 bytes (ASCII,
 * so one byte a char), made of what is slowest for the detectors: long runs of digits, of
 * digits and single separators, of separators alone, of {@code @} and dots, of hex digits and
 * colons. Equal sizes make time per byte comparable directly.
 */
public final class ScannerCorpus {

	/** Roughly how many UTF-8 bytes the chat corpus has: 1 MiB; {@link #bytes} has the exact count. */
	public static final int TARGET_BYTES = 1 << 20;

	/** The adversarial inputs. */
	public enum Kind {

		/** One run of random digits. */
		DIGITS,

		/** Random digits, each followed by one space. */
		SPACED_DIGITS,

		/** Random groups of one to four digits joined by single dashes. */
		DASHED_DIGITS,

		/** Phone and card separators and brackets, without a digit: " - . / ( )". */
		SEPARATORS,

		/** Local-part characters, {@code @} and dots: "a@b.c@d.". */
		AT_SIGNS_AND_DOTS,

		/** Hex digits, colons and dots, as IP addresses are written. */
		HEX_AND_COLONS

	}

	private static List<String> chat;

	private ScannerCorpus() {
	}

	/** The chat corpus: one string a message. */
	public static synchronized List<String> chat() {
		if (chat == null) {
			chat = Collections.unmodifiableList(generateChat(new Random(20261129)));
		}
		return chat;
	}

	/** The messages' size in UTF-8 bytes. */
	public static long bytes(List<String> messages) {
		long bytes = 0;
		for (String message : messages) {
			bytes += message.getBytes(StandardCharsets.UTF_8).length;
		}
		return bytes;
	}

	/** One message of {@code kind}, ASCII, as many bytes as the chat corpus has. */
	public static List<String> adversarial(Kind kind) {
		int length = Math.toIntExact(bytes(chat()));
		Random random = new Random(kind.ordinal() + 1);
		StringBuilder text = new StringBuilder(length + 8);
		while (text.length() < length) {
			switch (kind) {
				case DIGITS -> text.append((char) ('0' + random.nextInt(10)));
				case SPACED_DIGITS -> text.append((char) ('0' + random.nextInt(10))).append(' ');
				case DASHED_DIGITS -> {
					int group = 1 + random.nextInt(4);
					for (int i = 0; i < group; i++) {
						text.append((char) ('0' + random.nextInt(10)));
					}
					text.append('-');
				}
				case SEPARATORS -> text.append(" -./()".charAt(random.nextInt(6)));
				case AT_SIGNS_AND_DOTS -> text.append("a@b.c@d.".charAt(random.nextInt(8)));
				case HEX_AND_COLONS -> text.append("0123456789abcdef:.".charAt(random.nextInt(18)));
			}
		}
		text.setLength(length);
		return List.of(text.toString());
	}

	private static final String[] WORDS = ("hi hello thanks thank you please the a an my your our order package delivery "
			+ "is was has been not still yet arrived shipped today tomorrow yesterday morning evening can could would "
			+ "should i we they it this that there here and or but so because when where what why how which refund "
			+ "return replace item items box size color blue red black white small large medium account login password "
			+ "reset email address phone number card payment invoice receipt charge charged twice wrong missing broken "
			+ "damaged help support agent sorry great awesome ok okay sure yes no maybe soon later week weekend monday "
			+ "friday store online app website checkout cart discount code coupon price total tax shipping fee free "
			+ "express standard tracking status update cancel cancelled change changed name new old same again still "
			+ "just only also really very much more less wait waiting minutes hours days let me know check see look "
			+ "found find sent send get got give gave need needs want wanted like love hate issue problem fixed work "
			+ "works working doesn't don't can't won't it's i'm you're we're").split(" ");

	private static final String[] ACCENTED = { "café", "naïve", "Jürgen", "señor", "déjà", "merci beaucoup",
			"über", "São Paulo", "👍", "🙏", "😊", "📦" };

	private static final String[] DOMAINS = { "example.com", "mail.example.co.uk", "shop.example.org", "gmail.com",
			"outlook.com", "example.de", "post.example.fr", "company.io" };

	private static final String[] FIRST = { "ana", "john", "maria", "li", "omar", "sara", "peter", "yuki", "emma",
			"lucas", "jane.smith", "o'brien", "j.doe" };

	private static final String[] AREA_CODES = { "201", "212", "213", "312", "415", "503", "617", "646", "702", "718",
			"206", "305", "404", "512", "773", "818", "919" };

	private static final String[] PHONE_REGIONS = { "GB", "DE", "FR", "IN", "BR", "JP", "AU", "ES", "IT", "MX", "NL",
			"CH" };

	private static final String[][] IBAN_COUNTRIES = { { "DE", "18" }, { "GB", "18" }, { "FR", "23" }, { "NL", "14" },
			{ "ES", "20" }, { "IT", "23" }, { "BE", "12" }, { "CH", "17" }, { "PL", "24" } };

	private static List<String> generateChat(Random random) {
		List<String> messages = new ArrayList<>();
		long bytes = 0;
		while (bytes < TARGET_BYTES) {
			String message = message(random);
			messages.add(message);
			bytes += message.getBytes(StandardCharsets.UTF_8).length;
		}
		return messages;
	}

	private static String message(Random random) {
		int roll = random.nextInt(1000);
		if (roll < 540) {
			return sentence(random, 3 + random.nextInt(14));
		}
		if (roll < 620) {
			return switch (random.nextInt(4)) {
				case 0 -> "Order #" + digits(random, 7 + random.nextInt(3)) + " " + sentence(random, 4);
				case 1 -> "my order number is " + digits(random, 3) + "-" + digits(random, 7) + "-" + digits(random, 7);
				case 2 -> sentence(random, 3) + " (order " + digits(random, 6) + ")";
				default -> "ticket " + digits(random, 5) + ": " + sentence(random, 6);
			};
		}
		if (roll < 680) {
			String date = switch (random.nextInt(4)) {
				case 0 -> String.format(Locale.ROOT, "2026-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
				case 1 -> String.format(Locale.ROOT, "%d/%d/2026", 1 + random.nextInt(12), 1 + random.nextInt(28));
				case 2 -> String.format(Locale.ROOT, "2026-%02d-%02d %02d:%02d", 1 + random.nextInt(12),
						1 + random.nextInt(28), random.nextInt(24), random.nextInt(60));
				default -> "Nov " + (1 + random.nextInt(30));
			};
			return sentence(random, 2 + random.nextInt(4)) + " on " + date + ", " + sentence(random, 3);
		}
		if (roll < 740) {
			return switch (random.nextInt(4)) {
				case 0 -> "it was $" + random.nextInt(500) + "." + digits(random, 2) + " " + sentence(random, 3);
				case 1 -> "the total is " + (1 + random.nextInt(9)) + "," + digits(random, 3) + ".00 EUR";
				case 2 -> "I paid " + random.nextInt(200) + " € and " + sentence(random, 4);
				default -> random.nextInt(5) + 1 + " x " + random.nextInt(900) + "ml for $" + random.nextInt(90) + ".99";
			};
		}
		if (roll < 790) {
			return switch (random.nextInt(3)) {
				case 0 -> "can you call at " + random.nextInt(24) + ":" + digits(random, 2) + "?";
				case 1 -> "open " + (7 + random.nextInt(3)) + "am to " + (5 + random.nextInt(4)) + "pm " + sentence(random, 3);
				default -> String.format(Locale.ROOT, "between %02d:00-%02d:30 %s", 8 + random.nextInt(4),
						12 + random.nextInt(6), sentence(random, 3));
			};
		}
		if (roll < 820) {
			return switch (random.nextInt(3)) {
				case 0 -> "tracking 1Z" + digits(random, 3) + "AA" + digits(random, 10) + " " + sentence(random, 3);
				case 1 -> "USPS tracking 9400 " + digits(random, 4) + " " + digits(random, 4) + " " + digits(random, 4)
						+ " " + digits(random, 4) + " " + digits(random, 2);
				default -> "https://shop.example.com/orders/" + digits(random, 8) + "?ref=mail&utm=" + digits(random, 4);
			};
		}
		if (roll < 850) {
			return switch (random.nextInt(4)) {
				case 0 -> "app version " + random.nextInt(5) + "." + random.nextInt(20) + "." + random.nextInt(10)
						+ " " + sentence(random, 4);
				case 1 -> "room " + digits(random, 4) + ", floor " + random.nextInt(30);
				case 2 -> "zip " + digits(random, 5) + " " + sentence(random, 3);
				default -> "pin is " + digits(random, 4) + " " + sentence(random, 2);
			};
		}
		if (roll < 880) {
			return sentence(random, 2 + random.nextInt(6)) + " " + ACCENTED[random.nextInt(ACCENTED.length)] + " "
					+ sentence(random, 2);
		}
		// now and then, something to find
		if (roll < 887) {
			return sentence(random, 2) + " my card is " + card(random) + " exp " + (1 + random.nextInt(12)) + "/"
					+ (27 + random.nextInt(5));
		}
		if (roll < 891) {
			return random.nextBoolean() ? "ssn " + ssn(random, "-") : "SSN: " + ssn(random, "") + " " + sentence(random, 2);
		}
		if (roll < 920) {
			return sentence(random, 2 + random.nextInt(3)) + " email me at " + email(random) + " "
					+ sentence(random, 2);
		}
		if (roll < 950) {
			return "you can reach me at " + phone(random) + " " + sentence(random, 2 + random.nextInt(4));
		}
		if (roll < 956) {
			return "IBAN " + iban(random) + " " + sentence(random, 2);
		}
		if (roll < 970) {
			return "login from " + ip(random) + " " + sentence(random, 3);
		}
		return sentence(random, 1 + random.nextInt(4)) + "?";
	}

	private static String sentence(Random random, int words) {
		StringBuilder sentence = new StringBuilder();
		for (int i = 0; i < words; i++) {
			String word = WORDS[random.nextInt(WORDS.length)];
			if (i == 0) {
				word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
			}
			else {
				sentence.append(random.nextInt(12) == 0 ? ", " : " ");
			}
			sentence.append(word);
		}
		return sentence.append(".!?".charAt(random.nextInt(3))).toString();
	}

	private static String digits(Random random, int count) {
		StringBuilder digits = new StringBuilder(count);
		for (int i = 0; i < count; i++) {
			digits.append((char) ('0' + random.nextInt(10)));
		}
		return digits.toString();
	}

	private static String card(Random random) {
		String[] prefixes = { "4", "4", "51", "55", "2221", "34", "37", "6011", "65", "3528", "36", "62" };
		String prefix = prefixes[random.nextInt(prefixes.length)];
		int length = prefix.startsWith("3") && prefix.length() == 2 && !prefix.equals("36") ? 15
				: prefix.equals("36") ? 14 : 16;
		String number = prefix + digits(random, length - prefix.length() - 1);
		for (int check = 0; check < 10; check++) {
			if (luhn(number + check)) {
				number = number + check;
				break;
			}
		}
		String separator = List.of("", " ", "-", " ", "\u00A0").get(random.nextInt(5));
		if (separator.isEmpty()) {
			return number;
		}
		if (length == 15) {
			return number.substring(0, 4) + separator + number.substring(4, 10) + separator + number.substring(10);
		}
		StringBuilder grouped = new StringBuilder();
		for (int i = 0; i < length; i += 4) {
			grouped.append(i == 0 ? "" : separator).append(number, i, Math.min(length, i + 4));
		}
		return grouped.toString();
	}

	private static boolean luhn(String number) {
		int sum = 0;
		for (int i = 0; i < number.length(); i++) {
			int digit = number.charAt(number.length() - 1 - i) - '0';
			if (i % 2 == 1) {
				digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
			}
			sum += digit;
		}
		return sum % 10 == 0;
	}

	private static String ssn(Random random, String separator) {
		int area = 1 + random.nextInt(899);
		if (area == 666) {
			area = 667;
		}
		return String.format(Locale.ROOT, "%03d%s%02d%s%04d", area, separator, 1 + random.nextInt(99), separator,
				1 + random.nextInt(9999));
	}

	private static String email(Random random) {
		String name = FIRST[random.nextInt(FIRST.length)];
		String local = switch (random.nextInt(4)) {
			case 0 -> name;
			case 1 -> name + "." + digits(random, 2);
			case 2 -> name + "+shop";
			default -> name + "_" + WORDS[random.nextInt(10)];
		};
		return local + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
	}

	private static String phone(Random random) {
		String area = AREA_CODES[random.nextInt(AREA_CODES.length)];
		String exchange = (2 + random.nextInt(8)) + digits(random, 2);
		String line = digits(random, 4);
		return switch (random.nextInt(8)) {
			case 0 -> "(" + area + ") " + exchange + "-" + line;
			case 1 -> area + "-" + exchange + "-" + line;
			case 2 -> area + "." + exchange + "." + line;
			case 3 -> area + exchange + line;
			case 4 -> "+1 " + area + " " + exchange + " " + line;
			case 5 -> "1-" + area + "-" + exchange + "-" + line;
			default -> international(random);
		};
	}

	private static String international(Random random) {
		PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
		String region = PHONE_REGIONS[random.nextInt(PHONE_REGIONS.length)];
		PhoneNumber example = phones.getExampleNumberForType(region,
				random.nextBoolean() ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE);
		String national = Long.toString(example.getNationalNumber());
		// vary the last two digits, as different people's numbers do
		String varied = national.substring(0, national.length() - 2) + digits(random, 2);
		PhoneNumber number = new PhoneNumber().setCountryCode(example.getCountryCode())
			.setNationalNumber(Long.parseLong(varied));
		return phones.format(number, PhoneNumberFormat.INTERNATIONAL);
	}

	private static String iban(Random random) {
		String[] country = IBAN_COUNTRIES[random.nextInt(IBAN_COUNTRIES.length)];
		String bban = digits(random, Integer.parseInt(country[1]));
		String rearranged = bban + (country[0].charAt(0) - 'A' + 10) + (country[0].charAt(1) - 'A' + 10) + "00";
		int check = 98 - new BigInteger(rearranged).mod(BigInteger.valueOf(97)).intValue();
		String iban = country[0] + String.format(Locale.ROOT, "%02d", check) + bban;
		if (random.nextBoolean()) {
			return iban;
		}
		StringBuilder grouped = new StringBuilder();
		for (int i = 0; i < iban.length(); i += 4) {
			grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
		}
		return grouped.toString();
	}

	private static String ip(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> "192.168." + random.nextInt(256) + "." + random.nextInt(256);
			case 1 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + ":8080";
			case 2 -> (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
					+ random.nextInt(256);
			case 3 -> String.format(Locale.ROOT, "2001:db8:%x:%x::%x", random.nextInt(65536), random.nextInt(65536),
					random.nextInt(65536));
			default -> String.format(Locale.ROOT, "fe80::%x:%x:%x:%x", random.nextInt(65536), random.nextInt(65536),
					random.nextInt(65536), random.nextInt(65536));
		};
	}

}
