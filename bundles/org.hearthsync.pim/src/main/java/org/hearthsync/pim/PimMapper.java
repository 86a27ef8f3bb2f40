package org.hearthsync.pim;

import org.hearthsync.wbxml.Element;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Maps one EAS data class to and from its stored text. Instances are stateless and thread-safe.
 * Every method throws only {@link MappingException}, whatever the input.
 */
@ProviderType
public interface PimMapper {

    /** The data class this mapper handles. */
    PimClass pimClass();

    /**
     * Builds what the phone gets for a stored object.
     *
     * @param storedText vCard (2.1, 3.0 or 4.0) or iCalendar (1.0 or 2.0) text
     * @return an {@code AirSync:ApplicationData} element holding the class's fields
     */
    Element toEas(String storedText, MappingOptions options) throws MappingException;

    /**
     * Merges a phone's item onto the stored object. Fields the phone sent replace their stored
     * counterparts; fields the phone left out are removed when EAS carries them (and
     * {@link MappingOptions#supports(String)} says the phone knows them); everything EAS cannot carry
     * is kept. Sending back exactly what {@link #toEas} produced changes nothing.
     *
     * @param storedTextOrNull the stored text, or {@code null} for a new item (a UID is generated
     *                         unless the phone supplied one)
     * @param applicationData  the phone's {@code AirSync:ApplicationData} element
     */
    MergeResult fromEas(String storedTextOrNull, Element applicationData, MappingOptions options)
            throws MappingException;

    /** The UID of a stored object, or {@code null} when it has none. */
    String uid(String storedText) throws MappingException;
}
