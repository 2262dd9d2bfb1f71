/**
 * Redaction: finds sensitive data in text before anything is stored or logged: card
 * numbers, US social security numbers, e-mail addresses, phone numbers, IBANs and IP
 * addresses. Every detector runs in time linear in the text's length: no regular expression
 * sees more than a short window (libphonenumber's, for phone numbers), so no message can make
 * a scan slow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Redaction")
package ai.tombot.redaction;
