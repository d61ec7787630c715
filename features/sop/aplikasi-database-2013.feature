# language: id
# SOP "Pembuatan Aplikasi Database" (Perbup No. 6 Tahun 2013; daerahnya tidak disebut)
# (tenants/sops/aplikasi-database-2013.yaml). Peran: opd (SKPD pemohon), staf-prakom,
# kasi-pengembangan-aplikasi (Kasi Pengembangan Aplikasi Pemerintahan), kabid-egov (Kabid
# Layanan e-Gov), kadis. Langkah 1 diajukan Staf Prakom dari surat SKPD; SKPD boleh mengajukan
# sendiri. Waktu: WIB (Asia/Jakarta); "hari", "minggu" dan "bulan" adalah rentang kalender.

Fitur: SOP Pembuatan Aplikasi Database
  Sebagai Kepala Dinas
  Saya ingin usulan aplikasi database dari SKPD saya putuskan perlu atau tidak perlu, lalu dikerjakan dan diperiksa berjenjang menurut SOP
  Agar hanya aplikasi yang perlu yang dibuat dan laporannya diperiksa Kasi, Kabid dan Kadis secara berurutan

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "aplikasi-database-2013" di zona waktu "Asia/Jakarta"
    Dengan waktu sekarang "2026-03-16 09:00"

  Skenario: Usulan yang perlu dibuat berjalan dari usulan sampai sosialisasi
    Ketika "staf-prakom" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 2
    Maka langkah aktif adalah 3 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 3
    Maka langkah aktif adalah 4 oleh "kadis"
    Ketika "kadis" memutuskan "ya" pada langkah 4
    Maka langkah aktif adalah 5 oleh "staf-prakom"
    Ketika "staf-prakom" mengerjakan langkah 5 sampai 8
    Maka langkah aktif adalah 9 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 9
    Maka langkah aktif adalah 10 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 10
    Maka langkah aktif adalah 11 oleh "kadis"
    Ketika "kadis" menyelesaikan langkah 11
    Maka langkah aktif adalah 12 oleh "staf-prakom"
    Ketika "staf-prakom" menyelesaikan langkah 12
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"
    Dan riwayat permohonan berisi peristiwa "Submitted, StepCompleted, Disposed, Decided, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, HandedOver"

  Skenario: Kadis memutuskan aplikasi tidak perlu dibuat: permohonan berakhir
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kadis" memutuskan "tidak" pada langkah 4 dengan alasan "Sudah ada aplikasi kepegawaian provinsi"
    Maka permohonan berakhir dengan status "declined"
    Dan riwayat permohonan berisi peristiwa "Submitted, StepCompleted, Disposed, Decided"
    Dan peristiwa terakhir mencatat alasan "Sudah ada aplikasi kepegawaian provinsi"
    Ketika "staf-prakom" menyelesaikan langkah 5
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Jawaban "tidak" pada langkah 4 mengakhiri usulan, maka Kadis wajib menuliskan alasannya
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kadis" memutuskan "tidak" pada langkah 4
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "note"
    Dan langkah aktif adalah 4 oleh "kadis"

  Skenario: SKPD pemohon dapat mengajukan usulannya sendiri
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "kasi-pengembangan-aplikasi"
    Dan riwayat permohonan berisi peristiwa "Submitted"

  Skenario: Pejabat yang bukan pengusul tidak dapat mengajukan usulan
    Ketika "kadis" mengajukan permohonan
    Maka tindakan ditolak dengan kode "role_not_held"

  Skenario: SKPD menarik usulannya saat sistem dirancang; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 6
    Ketika "opd" menarik permohonan dengan alasan "Digabung dengan usulan Bappeda"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan peristiwa terakhir adalah "Withdrawn"
    Ketika "staf-prakom" menyelesaikan langkah 6
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Hanya SKPD pemohon yang dapat menarik usulan, bukan Staf Prakom yang mengajukannya
    Dengan permohonan telah sampai pada langkah 2
    Ketika "staf-prakom" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 2 oleh "kasi-pengembangan-aplikasi"

  Skenario: Permohonan yang sudah disosialisasikan tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 12
    Ketika "staf-prakom" menyelesaikan langkah 12
    Maka permohonan berakhir dengan status "completed"
    Ketika "opd" menarik permohonan
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran       | langkah | kode            | pelaksana                  | alasan                                |
      | 2     | staf-prakom | 2       | role_not_held   | kasi-pengembangan-aplikasi | usulan dipelajari Kasi                |
      | 4     | kabid-egov  | 4       | role_not_held   | kadis                      | perlu atau tidak perlu diputuskan Kadis |
      | 4     | kadis       | 4       | invalid_input   | kadis                      | keputusan tanpa ya atau tidak         |
      | 9     | kabid-egov  | 10      | not_active_step | kasi-pengembangan-aplikasi | Kabid memeriksa sesudah Kasi          |
      | 11    | kabid-egov  | 11      | role_not_held   | kadis                      | pemeriksaan terakhir oleh Kadis       |

  Garis-Besar Skenario: Tenggat langkah <langkah> (<waktu_baku>) yang mulai <mulai> WIB: <keterangan>
    Dengan waktu sekarang "<mulai>"
    Dengan permohonan telah sampai pada langkah <langkah>
    Maka langkah <langkah> jatuh tempo pada "<tenggat>"

    Contoh:
      | langkah | waktu_baku | mulai            | tenggat          | keterangan                               |
      | 2       | 1 hari     | 2026-03-17 10:00 | 2026-03-18 10:00 | hari kalender, Nyepi ikut dihitung       |
      | 4       | 1 bulan    | 2026-03-17 10:00 | 2026-04-17 10:00 | tanggal yang sama bulan berikutnya       |
      | 4       | 1 bulan    | 2026-01-31 10:00 | 2026-02-28 10:00 | Februari 2026 hanya sampai tanggal 28    |
      | 5       | 1 minggu   | 2026-03-17 10:00 | 2026-03-24 10:00 | tujuh hari kalender                      |
      | 6       | 2 minggu   | 2026-03-17 10:00 | 2026-03-31 10:00 | empat belas hari kalender                |

  Garis-Besar Skenario: Keputusan Kadis yang diambil <selesai> WIB tercatat <ketepatan>
    # Langkah 4 (1 bulan) mulai Sabtu 31 Januari 2026 10:00 WIB: tenggat Sabtu 28 Februari 2026 10:00.
    Dengan waktu sekarang "2026-01-31 10:00"
    Dengan permohonan telah sampai pada langkah 4
    Ketika waktu menunjukkan "<selesai>"
    Dan "kadis" memutuskan "ya" pada langkah 4
    Maka langkah 4 tercatat <ketepatan>
    Dan langkah aktif adalah 5 oleh "staf-prakom"

    Contoh:
      | selesai          | ketepatan   |
      | 2026-02-27 14:00 | tepat waktu |
      | 2026-03-02 08:00 | terlambat   |

  Skenario: Berkas tidak lengkap: waktu langkah berhenti selama berkas di tangan SKPD, lalu tenggatnya bergeser
    # Langkah 2 (1 hari kalender) mulai Senin 16 Maret 2026 09:00 WIB, tenggat Selasa 09:00. Kasi
    # mengembalikan berkas Senin 13:00; SKPD melengkapinya Selasa 13:00. "Hari" adalah rentang
    # kalender, maka tenggat bergeser sebanyak waktu kalender yang terhenti (24 jam): Rabu 09:00.
    Ketika "opd" mengajukan permohonan
    Maka langkah 2 jatuh tempo pada "2026-03-17 09:00"
    Ketika waktu menunjukkan "2026-03-16 13:00"
    Dan "kabid-egov" mengembalikan berkas karena kurang "Usulan pembuatan aplikasi" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "kasi-pengembangan-aplikasi" mengembalikan berkas karena kurang "Usulan pembuatan aplikasi" dengan catatan "Usulan belum memuat kebutuhan data"
    Maka permohonan menunggu kelengkapan "Usulan pembuatan aplikasi"
    Dan langkah aktif adalah 2 oleh "kasi-pengembangan-aplikasi"
    Ketika waktu menunjukkan "2026-03-17 13:00"
    Maka langkah aktif belum lewat tenggat
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 2
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "step"
    Ketika "opd" melengkapi berkas dengan "usulan-lengkap.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Usulan belum memuat kebutuhan data"
    Dan langkah 2 jatuh tempo pada "2026-03-18 09:00"
    Ketika waktu menunjukkan "2026-03-18 08:00"
    Dan "kasi-pengembangan-aplikasi" menyelesaikan langkah 2
    Maka langkah 2 tercatat tepat waktu
    Dan langkah aktif adalah 3 oleh "kabid-egov"

  # Mutu Baku: "Usulan pembuatan aplikasi" yang diperlukan langkah 2 sampai 4 adalah "Usulan
  # pembuatan sistem aplikasi" yang dihasilkan langkah 1 dari surat SKPD.

  Skenario: Usulan langkah 1 menjadi Kelengkapan langkah 2 tanpa dibawa lagi
    Ketika "opd" mengajukan permohonan
    Maka kelengkapan "Usulan pembuatan aplikasi" langkah aktif sudah ada, dari "Usulan pembuatan sistem aplikasi"
