/**
 * Redaction: finds sensitive data in text before anything is stored or logged: card
 * numbers, US social security numbers, e-mail addresses, phone numbers, IBANs and IP
 * addresses, and card numbers typed across messages. Every detector reads the text in one
 * pass, in time linear in its length (phone-number candidates are then checked with
 * libphonenumber, a bounded number of times each), so no message can make a scan slow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Redaction")
package ai.tombot.redaction;
