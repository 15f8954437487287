/**
 * The typed wire model of the KubeVirt objects the SDK writes and reads ({@code kubevirt.io/v1}),
 * with CDI ({@code cdi}), snapshot ({@code snapshot}), export ({@code export}) and Multus ({@code multus}) objects in
 * subpackages. Field names are the API's; unknown fields in what a server returns are ignored and
 * null fields are not sent. Kubernetes core types (ObjectMeta, Toleration, ...) are fabric8's.
 */
package dev.edgevm.kubevirt.model;
