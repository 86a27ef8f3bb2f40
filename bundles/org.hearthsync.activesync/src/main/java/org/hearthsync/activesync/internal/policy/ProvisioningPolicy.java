package org.hearthsync.activesync.internal.policy;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured policy (PID {@value #PID}); a change takes effect on each phone's next request. */
@Component(service = ProvisioningPolicy.class, configurationPid = ProvisioningPolicy.PID)
@Designate(ocd = PolicyConfig.class)
public class ProvisioningPolicy {
    public static final String PID = "org.hearthsync.activesync.policy";
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningPolicy.class);

    private volatile Policy policy = Policy.NONE;

    /** For tests and wiring outside OSGi (a factory: SCR must see one public constructor of one parameter). */
    public static ProvisioningPolicy of(Policy policy) {
        return new ProvisioningPolicy(policy);
    }

    private ProvisioningPolicy(Policy policy) {
        this.policy = policy;
    }

    @Activate
    public ProvisioningPolicy(PolicyConfig config) {
        configure(config);
    }

    @Modified
    void modified(PolicyConfig config) {
        configure(config);
    }

    private void configure(PolicyConfig c) {
        Policy p = new Policy(c.require_password(), c.alphanumeric_password(), clamp(c.min_password_length(), 1, 16),
                c.allow_simple_password(), clamp(c.max_inactivity_seconds(), 0, 9999), clamp(c.max_failed_attempts(), 0, 16),
                c.require_encryption(), c.allow_non_provisionable());
        if (!p.equals(policy)) {
            LOG.debug("phone policy is now {}", p.fingerprint());
        }
        policy = p;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    public Policy current() {
        return policy;
    }

    public void set(Policy p) {
        policy = p;
    }
}
