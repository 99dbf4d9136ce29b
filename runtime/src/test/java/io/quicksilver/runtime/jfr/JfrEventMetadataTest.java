package io.quicksilver.runtime.jfr;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quicksilver.numa.config.Durations;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event is named, labelled, described and categorised, field by field, and its annotation defaults agree with
 * the shipped {@code quicksilver.jfc}: a recording that does not name the file records the same as one that does.
 */
class JfrEventMetadataTest
{
    private static final List<Class<? extends Event>> EVENTS = QuicksilverEvents.eventClasses();

    @Test
    void shouldListEveryEventClassOfThePackage()
    {
        assertEquals(6, EVENTS.size());
        assertEquals(
            List.of(
                QuicksilverEvents.WORKER_STARTED, QuicksilverEvents.PARTITION_MOVED,
                QuicksilverEvents.BACKPRESSURE_STALL, QuicksilverEvents.SLOW_RESPONDER,
                QuicksilverEvents.DISPATCH_BATCH, QuicksilverEvents.RESPONDER_FAILED),
            EVENTS.stream().map(c -> c.getAnnotation(Name.class).value()).toList());
    }

    @Test
    void shouldNameLabelDescribeAndCategoriseEveryEvent()
    {
        for (final Class<? extends Event> type : EVENTS)
        {
            final Name name = type.getAnnotation(Name.class);
            assertNotNull(name, "@Name on " + type.getSimpleName());
            assertTrue(name.value().startsWith("io.quicksilver."), "name=" + name.value());
            assertTrue(Modifier.isFinal(type.getModifiers()), type.getSimpleName() + " is final");
            assertNotBlank(type.getAnnotation(Label.class) == null ? null : type.getAnnotation(Label.class).value(),
                "@Label on " + type.getSimpleName());
            assertNotBlank(
                type.getAnnotation(Description.class) == null ? null : type.getAnnotation(Description.class).value(),
                "@Description on " + type.getSimpleName());
            final Category category = type.getAnnotation(Category.class);
            assertNotNull(category, "@Category on " + type.getSimpleName());
            assertEquals("Quicksilver", category.value()[0], "top category of " + type.getSimpleName());
            assertTrue(category.value().length >= 2, "a subcategory on " + type.getSimpleName());
            final StackTrace stackTrace = type.getAnnotation(StackTrace.class);
            assertNotNull(stackTrace, "@StackTrace on " + type.getSimpleName());
            assertFalse(stackTrace.value(), "no stack trace on " + type.getSimpleName());
            assertNotNull(type.getAnnotation(Enabled.class), "explicit @Enabled on " + type.getSimpleName());
        }
    }

    @Test
    void shouldLabelAndDescribeEveryField()
    {
        for (final Class<? extends Event> type : EVENTS)
        {
            int fields = 0;
            for (final Field field : type.getDeclaredFields())
            {
                if (!isDeclaredEventField(field))
                {
                    continue;
                }
                fields++;
                final String where = type.getSimpleName() + "." + field.getName();
                final Label label = field.getAnnotation(Label.class);
                final Description description = field.getAnnotation(Description.class);
                assertNotBlank(label == null ? null : label.value(), "@Label on " + where);
                assertNotBlank(description == null ? null : description.value(), "@Description on " + where);
            }
            assertTrue(fields >= 4, type.getSimpleName() + " has its fields: " + fields);
        }
    }

    @Test
    void shouldRegisterTheFieldsWithJfrAsDeclared()
    {
        for (final Class<? extends Event> type : EVENTS)
        {
            final EventType eventType = EventType.getEventType(type);
            assertEquals(type.getAnnotation(Name.class).value(), eventType.getName());
            for (final Field field : type.getDeclaredFields())
            {
                if (!isDeclaredEventField(field))
                {
                    continue;
                }
                final ValueDescriptor value = eventType.getField(field.getName());
                assertNotNull(value, "JFR field " + eventType.getName() + "." + field.getName());
                assertEquals(field.getAnnotation(Label.class).value(), value.getLabel());
                assertEquals(field.getAnnotation(Description.class).value(), value.getDescription());
            }
        }
    }

    @Test
    void shouldShipAJfcThatAgreesWithTheAnnotations() throws Exception
    {
        final Map<String, String> jfc = QuicksilverJfc.configuration().getSettings();
        for (final Class<? extends Event> type : EVENTS)
        {
            final String name = type.getAnnotation(Name.class).value();
            assertEquals(
                Boolean.toString(type.getAnnotation(Enabled.class).value()), jfc.get(name + "#enabled"),
                name + "#enabled");
            assertEquals("false", jfc.get(name + "#stackTrace"), name + "#stackTrace");
            final Threshold threshold = type.getAnnotation(Threshold.class);
            if (threshold != null)
            {
                assertEquals(threshold.value(), jfc.get(name + "#threshold"), name + "#threshold");
            }
        }
        // One duration grammar: what the .jfc and the annotations say, the affinity file and bench --duration read.
        for (final Map.Entry<String, String> setting : jfc.entrySet())
        {
            if (setting.getKey().endsWith("#threshold"))
            {
                Durations.parseNanos(setting.getValue());
            }
        }
        assertEquals(1_000_000, Durations.parseNanos(jfc.get(QuicksilverEvents.SLOW_RESPONDER + "#threshold")));
        assertEquals(100_000, Durations.parseNanos(jfc.get(QuicksilverEvents.BACKPRESSURE_STALL + "#threshold")));
        assertEquals("1 ms", jfc.get(QuicksilverEvents.SLOW_RESPONDER + "#threshold"));
        assertEquals("100 us", jfc.get(QuicksilverEvents.BACKPRESSURE_STALL + "#threshold"));
        assertEquals("false", jfc.get(QuicksilverEvents.DISPATCH_BATCH + "#enabled"));
        assertEquals(
            Integer.toString(SampleEveryControl.DEFAULT_SAMPLE_EVERY),
            jfc.get(QuicksilverEvents.DISPATCH_BATCH + "#" + SampleEveryControl.NAME));
    }

    @Test
    void shouldExposeSampleEveryAsADispatchBatchSetting()
    {
        final List<String> settings = EventType.getEventType(DispatchBatchEvent.class).getSettingDescriptors()
            .stream()
            .map(SettingDescriptor::getName)
            .toList();

        assertTrue(settings.contains(SampleEveryControl.NAME), "settings=" + settings);
        assertTrue(settings.containsAll(Arrays.asList("enabled", "threshold", "stackTrace")), "settings=" + settings);
    }

    // JFR's instrumentation adds synthetic fields (eventConfiguration, startTime, duration); transient and static
    // fields are never recorded.
    private static boolean isDeclaredEventField(final Field field)
    {
        final int modifiers = field.getModifiers();
        return !field.isSynthetic() && !Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers);
    }

    private static void assertNotBlank(final String value, final String what)
    {
        assertNotNull(value, what);
        assertFalse(value.isBlank(), what);
    }
}
