package dev.edgevm.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of every edgevm spec.
 *
 * <p>Generated {@code Immutable*} classes stay package-private and are hidden behind a nested
 * {@code Builder} on the abstract type, so user code only ever sees {@code VmSpec.builder()}.
 * Null and mandatory-attribute checks are switched off in the generated code on purpose: each
 * spec's single {@code @Value.Check} reports missing attributes together with every other
 * violation, in one {@link InvalidSpecException}.
 */
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        get = {"is*", "get*"},
        init = "*",
        add = "*",
        put = "*",
        typeImmutable = "Immutable*",
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
        overshadowImplementation = true,
        depluralize = true,
        depluralizeDictionary = {"address:addresses"},
        validationMethod = Value.Style.ValidationMethod.NONE,
        redactedMask = "****",
        jdkOnly = true,
        optionalAcceptNullable = true,
        defaults = @Value.Immutable(copy = false, prehash = false))
public @interface EdgeVmStyle {}
