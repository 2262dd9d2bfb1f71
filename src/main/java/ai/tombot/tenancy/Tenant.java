package ai.tombot.tenancy;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A tenant as the API shows it.
 *
 * @param id internal id, not part of the API
 * @param slug the tenant's name in URLs: 3-40 characters of a-z, 0-9 and hyphen, unique
 * @param name the display name
 * @param region the region whose store holds the tenant's customer data; never changes
 * @param status {@code active} or {@code suspended}
 */
public record Tenant(@JsonIgnore UUID id, String slug, String name, String region, String status, Instant createdAt,
		Instant updatedAt) {
}
