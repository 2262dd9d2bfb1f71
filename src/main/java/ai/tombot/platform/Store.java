package ai.tombot.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One database of Tombot: the control store or the store of one region.
 *
 * @param name {@code control} or the region's name, as used in configuration and logs
 * @param jdbc statements against this store only
 * @param tx transactions on this store only; a transaction never spans two stores
 */
public record Store(String name, JdbcClient jdbc, TransactionTemplate tx) {

	@Override
	public String toString() {
		return "Store[" + name + "]";
	}

}
