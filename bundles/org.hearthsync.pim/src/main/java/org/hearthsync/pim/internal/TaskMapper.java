package org.hearthsync.pim.internal;

import org.hearthsync.pim.*;
import org.hearthsync.wbxml.Element;

public final class TaskMapper implements PimMapper {
    public PimClass pimClass() { return PimClass.TASKS; }
    public Element toEas(String s, MappingOptions o) throws MappingException { throw new MappingException("todo"); }
    public MergeResult fromEas(String s, Element e, MappingOptions o) throws MappingException { throw new MappingException("todo"); }
    public String uid(String s) throws MappingException { throw new MappingException("todo"); }
}
