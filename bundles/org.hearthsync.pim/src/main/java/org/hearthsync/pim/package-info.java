/**
 * Translation between Exchange ActiveSync data classes and standard PIM text: Contacts to and from
 * vCard 4.0, Calendar, Tasks and Notes to and from iCalendar 2.0 (VEVENT, VTODO, VJOURNAL).
 *
 * <p>Get a {@link org.hearthsync.pim.PimMapper} from {@link org.hearthsync.pim.PimMappers}. The
 * phone's side is an {@code AirSync:ApplicationData} {@link org.hearthsync.wbxml.Element}; the
 * store's side is the text of one resource. A phone's change is always merged onto the stored
 * object, so everything EAS cannot carry survives.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.pim;
