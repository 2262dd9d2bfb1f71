/**
 * Redaction: finds sensitive data in text before anything is stored or logged: card
 * numbers, US social security numbers, and (to come) e-mail addresses, phone numbers, IBANs
 * and IP addresses. Every detector runs in time linear in the text's length, with no regular
 * expression that could backtrack, so no message can make a scan slow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Redaction")
package ai.tombot.redaction;
