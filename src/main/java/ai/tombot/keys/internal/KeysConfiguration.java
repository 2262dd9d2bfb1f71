package ai.tombot.keys.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Key maintenance (re-wraps, automatic rotation) runs on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KeysConfiguration {

}
