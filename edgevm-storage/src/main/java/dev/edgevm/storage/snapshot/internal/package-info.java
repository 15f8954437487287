/**
 * How snapshots are made: {@code DefaultSnapshots} checks arguments and picks the kind from the
 * VM's disks ({@code VmDisks}); node-local snapshots are taken, restored and copied by Jobs on the
 * disk's node ({@code DiskCopies}, run by the shared node Job runner) and recorded on their volumes
 * ({@code LocalRecords}); CSI snapshots are KubeVirt's ({@code CsiSnapshots}, {@code CsiRecords});
 * new VMs and downloads are shared ({@code RestoreAs}, {@code SnapshotExporter}). Not API.
 */
package dev.edgevm.storage.snapshot.internal;
