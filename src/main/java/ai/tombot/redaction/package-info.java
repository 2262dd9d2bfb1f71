/**
 * Redaction: finds sensitive data in text before anything is stored or logged: card
 * numbers, US social security numbers, e-mail addresses, IBANs and IP addresses (phone
 * numbers to come). Every detector runs in time linear in the text's length, with no regular
 * expression that could backtrack, so no message can make a scan slow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Redaction")
package ai.tombot.redaction;
