package org.hearthsync.certs.internal;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the certificate manager is told to do, already checked: every value in range, every extra
 * name valid. {@link #clamped} turns raw configuration into this, logging what it had to change.
 *
 * @param extraNames         names to include beyond the discovered ones
 * @param serverValidityDays server certificate lifetime, {@value #MIN_SERVER_VALIDITY_DAYS} to
 *                           {@value ServerCertificateIssuer#MAX_VALIDITY_DAYS}
 * @param renewalMarginDays  renew this long before expiry; at least 1, at most half the validity, so a
 *                           new certificate is never already due
 * @param caValidityYears    lifetime of a newly created CA, 1 to 30 years
 * @param keyType            key type of a new CA and of every server certificate
 */
public record CertificateSettings(SubjectNames extraNames, int serverValidityDays, int renewalMarginDays,
        int caValidityYears, KeyType keyType) {

    public static final int DEFAULT_SERVER_VALIDITY_DAYS = ServerCertificateIssuer.MAX_VALIDITY_DAYS;
    public static final int DEFAULT_RENEWAL_MARGIN_DAYS = 30;
    public static final int DEFAULT_CA_VALIDITY_YEARS = 10;
    public static final int MAX_CA_VALIDITY_YEARS = 30;
    public static final int MIN_SERVER_VALIDITY_DAYS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CertificateSettings.class);

    public CertificateSettings {
        if (serverValidityDays < MIN_SERVER_VALIDITY_DAYS || serverValidityDays > ServerCertificateIssuer.MAX_VALIDITY_DAYS) {
            throw new IllegalArgumentException("serverValidityDays out of range: " + serverValidityDays);
        }
        if (renewalMarginDays < 1 || renewalMarginDays > serverValidityDays / 2) {
            throw new IllegalArgumentException("renewalMarginDays out of range: " + renewalMarginDays);
        }
        if (caValidityYears < 1 || caValidityYears > MAX_CA_VALIDITY_YEARS) {
            throw new IllegalArgumentException("caValidityYears out of range: " + caValidityYears);
        }
        if (extraNames == null || keyType == null) {
            throw new NullPointerException();
        }
    }

    public static CertificateSettings defaults() {
        return new CertificateSettings(SubjectNames.empty(), DEFAULT_SERVER_VALIDITY_DAYS,
                DEFAULT_RENEWAL_MARGIN_DAYS, DEFAULT_CA_VALIDITY_YEARS, KeyType.EC_P256);
    }

    /** Settings from raw configuration values, bad ones replaced or clamped with a warning. */
    public static CertificateSettings clamped(String[] extraNames, int serverValidityDays, int renewalMarginDays,
            int caValidityYears, KeyType keyType) {
        List<String> names = new ArrayList<>();
        if (extraNames != null) {
            for (String name : extraNames) {
                if (name == null || name.isBlank()) {
                    continue;
                }
                String normal = SubjectNames.normalizeOrNull(name);
                if (normal == null) {
                    LOG.warn("Ignoring extra name '{}': not a DNS name or IP address", name);
                } else {
                    names.add(normal);
                }
            }
        }
        int validity = clamp("serverValidityDays", serverValidityDays, MIN_SERVER_VALIDITY_DAYS,
                ServerCertificateIssuer.MAX_VALIDITY_DAYS);
        int margin = clamp("renewalMarginDays", renewalMarginDays, 1, validity / 2);
        int ca = clamp("caValidityYears", caValidityYears, 1, MAX_CA_VALIDITY_YEARS);
        return new CertificateSettings(SubjectNames.of(names), validity, margin, ca,
                keyType == null ? KeyType.EC_P256 : keyType);
    }

    private static int clamp(String name, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            LOG.warn("{} = {} is out of range [{}, {}]; using {}", name, value, min, max, clamped);
        }
        return clamped;
    }
}
