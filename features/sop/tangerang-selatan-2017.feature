# language: id
# SOP "Layanan Pengembangan Sistem / Aplikasi" (2017), Diskominfo Kota Tangerang Selatan
# (tenants/sops/tangerang-selatan-2017.yaml). Peran: opd (OPD pemohon), diskominfo (Umum /
# Sekretariat dan Kepala Dinas), bidang-ptikp (Bidang PTIKP). Waktu: WIB (Asia/Jakarta).
# "Hari" adalah hari kalender. Langkah 8-11 memakai "Target Bidang PTIKP": tenggat yang
# ditetapkan Bidang PTIKP pada langkah 7, bukan waktu baku dari SOP.

Fitur: SOP Layanan Pengembangan Sistem / Aplikasi Diskominfo Kota Tangerang Selatan
  Sebagai Kepala Bidang PTIKP Diskominfo Kota Tangerang Selatan
  Saya ingin usulan pengembangan aplikasi dari OPD berjalan menurut SOP dan target yang kami tetapkan
  Agar OPD tahu kapan aplikasinya siap diuji dan setiap keterlambatan terlihat

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "tangerang-selatan-2017" di zona waktu "Asia/Jakarta"
    Dengan waktu sekarang "2026-03-16 09:00"

  Skenario: Usulan yang perlu dikembangkan berjalan dari surat sampai Bimtek
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "diskominfo"
    Ketika "diskominfo" mengerjakan langkah 2 sampai 3
    Maka langkah aktif adalah 4 oleh "bidang-ptikp"
    Ketika "bidang-ptikp" menyelesaikan langkah 4
    Maka langkah aktif adalah 5 oleh "opd"
    Ketika "opd" menyelesaikan langkah 5
    Maka langkah aktif adalah 6 oleh "bidang-ptikp"
    Ketika "bidang-ptikp" memutuskan "ya" pada langkah 6
    Maka langkah aktif adalah 7 oleh "bidang-ptikp"
    Ketika "bidang-ptikp" menetapkan target "2026-04-30 16:00" pada langkah 7
    Maka langkah aktif adalah 8 oleh "bidang-ptikp"
    Ketika "bidang-ptikp" mengerjakan langkah 8 sampai 12
    Maka langkah aktif adalah 13 oleh "opd"
    Ketika "opd" menyelesaikan langkah 13
    Maka langkah aktif adalah 14 oleh "opd"
    Ketika "opd" memutuskan "ya" pada langkah 14
    Maka langkah aktif adalah 15 oleh "bidang-ptikp"
    Ketika "bidang-ptikp" mengerjakan langkah 15 sampai 17
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Disposed, StepCompleted, StepCompleted, Decided, DeadlineSet, Analysed, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, UATPassed, StepCompleted, HandedOver, StepCompleted"

  Skenario: Rapat pembahasan memutuskan pengembangan tidak perlu: permohonan berakhir
    Dengan permohonan telah sampai pada langkah 6
    Ketika "bidang-ptikp" memutuskan "tidak" pada langkah 6 dengan alasan "Cukup memakai aplikasi SRIKANDI"
    Maka permohonan berakhir dengan status "declined"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Disposed, StepCompleted, StepCompleted, Decided"
    Dan peristiwa terakhir mencatat alasan "Cukup memakai aplikasi SRIKANDI"
    Ketika "bidang-ptikp" menetapkan target "2026-04-30 16:00" pada langkah 7
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Jawaban "tidak perlu" mengakhiri usulan, maka Bidang PTIKP wajib menuliskan alasannya
    Dengan permohonan telah sampai pada langkah 6
    Ketika "bidang-ptikp" memutuskan "tidak" pada langkah 6
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "note"
    Dan langkah aktif adalah 6 oleh "bidang-ptikp"

  Skenario: Hasil UAT belum sesuai kebutuhan: aplikasi kembali dikembangkan pada langkah 11
    Dengan permohonan telah sampai pada langkah 7
    Ketika "bidang-ptikp" menetapkan target "2026-04-30 16:00" pada langkah 7
    Dan "bidang-ptikp" mengerjakan langkah 8 sampai 12
    Dan "opd" menyelesaikan langkah 13
    Dan "opd" memutuskan "tidak" pada langkah 14
    Maka langkah aktif adalah 11 oleh "bidang-ptikp"
    Dan peristiwa terakhir adalah "UATFailed" pada langkah 14
    Dan langkah 11 jatuh tempo pada "2026-04-30 16:00"
    Ketika "bidang-ptikp" mengerjakan langkah 11 sampai 12
    Dan "opd" menyelesaikan langkah 13
    Dan "opd" memutuskan "ya" pada langkah 14
    Maka peristiwa terakhir adalah "UATPassed" pada langkah 14
    Ketika langkah 15 sampai 17 dikerjakan oleh pelaksananya masing-masing
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 11, 12, 13, 14, 15, 16, 17"

  Skenario: UAT gagal sesudah target lewat: Bidang PTIKP menetapkan target baru dengan alasan
    # Target berupa tanggal berlaku sampai akhir hari itu (WIB). Tanpa target baru, permohonan
    # kembali ke langkah 11 dalam keadaan sudah terlambat dan tidak ada jalan keluarnya.
    Dengan permohonan telah sampai pada langkah 7
    Ketika "bidang-ptikp" menetapkan target tanggal "2026-04-30" pada langkah 7
    Maka langkah 8 jatuh tempo pada "2026-05-01 00:00"
    Dan target langkah 8 sampai 11 tercatat sebagai tanggal "2026-04-30"
    Ketika "bidang-ptikp" mengerjakan langkah 8 sampai 12
    Dan "opd" menyelesaikan langkah 13
    Dan waktu menunjukkan "2026-06-01 09:00"
    Dan "opd" memutuskan "tidak" pada langkah 14 dengan alasan "Formulir pendaftaran belum sesuai"
    Maka langkah aktif adalah 11 oleh "bidang-ptikp"
    Dan langkah aktif sudah lewat tenggat
    Ketika "opd" menetapkan target baru "2026-06-30" dengan alasan "Kami ingin lebih cepat"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "bidang-ptikp" menetapkan target baru "2026-05-31" dengan alasan "Perbaikan formulir"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "deadline"
    Ketika "bidang-ptikp" menetapkan target baru "2026-06-30" tanpa alasan
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "reason"
    Ketika "bidang-ptikp" menetapkan target baru "2026-06-30" dengan alasan "Perbaikan formulir sesuai hasil UAT"
    Maka peristiwa terakhir adalah "TargetRevised" pada langkah 11
    Dan peristiwa terakhir mencatat alasan "Perbaikan formulir sesuai hasil UAT"
    Dan target langkah 8 sampai 11 tercatat sebagai tanggal "2026-06-30"
    Dan langkah aktif belum lewat tenggat
    Ketika waktu menunjukkan "2026-06-30 23:59"
    Maka langkah aktif belum lewat tenggat
    Ketika waktu menunjukkan "2026-07-01 00:01"
    Maka langkah aktif sudah lewat tenggat

  Skenario: OPD menarik usulannya saat UAT; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 13
    Ketika "opd" menarik permohonan dengan alasan "Kebutuhan berubah"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan peristiwa terakhir adalah "Withdrawn"
    Ketika "opd" menyelesaikan langkah 13
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Hanya OPD pemohon yang dapat menarik usulan
    Dengan permohonan telah sampai pada langkah 4
    Ketika "diskominfo" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 4 oleh "bidang-ptikp"

  Skenario: Permohonan yang sudah selesai tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 17
    Ketika "bidang-ptikp" menyelesaikan langkah 17
    Maka permohonan berakhir dengan status "completed"
    Ketika "bidang-ptikp" menyelesaikan langkah 17
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran        | langkah | kode            | pelaksana    | alasan                                 |
      | 2     | opd          | 2       | role_not_held   | diskominfo   | surat didata oleh Umum Diskominfo      |
      | 3     | diskominfo   | 4       | not_active_step | diskominfo   | langkah 4 belum aktif                  |
      | 5     | bidang-ptikp | 5       | role_not_held   | opd          | usulan dipaparkan oleh pemohon         |
      | 6     | bidang-ptikp | 6       | invalid_input   | bidang-ptikp | keputusan tanpa ya atau tidak          |
      | 7     | bidang-ptikp | 7       | invalid_input   | bidang-ptikp | langkah 7 tanpa target                 |
      | 14    | bidang-ptikp | 14      | role_not_held   | opd          | hasil UAT dinilai oleh pemohon         |
      | 14    | opd          | 14      | invalid_input   | opd          | keputusan tanpa ya atau tidak          |

  Garis-Besar Skenario: Target yang tidak sah ditolak (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "bidang-ptikp" menetapkan target "<target>" pada langkah <aktif>
    Maka tindakan ditolak dengan kode "invalid_input"
    Dan langkah aktif adalah <aktif> oleh "bidang-ptikp"

    Contoh:
      | aktif | target           | alasan                            |
      | 7     | 2026-03-15 16:00 | target sudah lewat                |
      | 7     | 2026-03-16 09:00 | target sama dengan saat ini       |
      | 8     | 2026-04-30 16:00 | langkah 8 tidak menetapkan target |

  Skenario: Target Bidang PTIKP dari langkah 7 menjadi tenggat langkah 8 sampai 11
    Dengan permohonan telah sampai pada langkah 7
    Ketika "bidang-ptikp" menetapkan target "2026-04-30 16:00" pada langkah 7
    Maka langkah aktif adalah 8 oleh "bidang-ptikp"
    Dan langkah 8 jatuh tempo pada "2026-04-30 16:00"
    Ketika waktu menunjukkan "2026-04-10 10:00"
    Dan "bidang-ptikp" mengerjakan langkah 8 sampai 10
    Maka langkah 8 tercatat tepat waktu
    Dan langkah 10 tercatat tepat waktu
    Dan langkah 10 jatuh tempo pada "2026-04-30 16:00"
    Dan langkah 11 jatuh tempo pada "2026-04-30 16:00"
    Ketika waktu menunjukkan "2026-04-30 16:01"
    Maka langkah aktif sudah lewat tenggat
    Ketika "bidang-ptikp" menyelesaikan langkah 11
    Maka langkah 11 tercatat terlambat
    # Langkah 12 punya waktu baku "1 Hari": satu hari kalender sejak langkah 11 selesai.
    Dan langkah 12 jatuh tempo pada "2026-05-01 16:01"

  Garis-Besar Skenario: Waktu baku dalam hari kalender: langkah <langkah> (<waktu_baku>) mulai <mulai> WIB
    Dengan waktu sekarang "<mulai>"
    Dengan permohonan telah sampai pada langkah <langkah>
    Maka langkah <langkah> jatuh tempo pada "<tenggat>"

    Contoh:
      | langkah | waktu_baku | mulai            | tenggat          |
      | 2       | 1 Hari     | 2026-03-17 10:00 | 2026-03-18 10:00 |
      | 5       | 7 Hari     | 2026-03-17 10:00 | 2026-03-24 10:00 |
      | 13      | 7 Hari     | 2026-03-17 10:00 | 2026-03-24 10:00 |
      | 15      | 14 Hari    | 2026-03-17 10:00 | 2026-03-31 10:00 |
      | 16      | 3 Hari     | 2026-03-17 10:00 | 2026-03-20 10:00 |

  Skenario: Berkas tidak lengkap: waktu pendataan surat berhenti selama berkas di tangan OPD, lalu tenggatnya bergeser
    # Langkah 2 (1 Hari kalender) mulai Senin 16 Maret 2026 09:00 WIB, tenggat Selasa 09:00. Umum
    # Diskominfo mengembalikan surat Senin 11:00; OPD melengkapinya Selasa 15:00. Tenggat bergeser
    # sebanyak waktu kalender yang terhenti (28 jam): Rabu 18 Maret 13:00.
    Ketika "opd" mengajukan permohonan
    Maka langkah 2 jatuh tempo pada "2026-03-17 09:00"
    Ketika waktu menunjukkan "2026-03-16 11:00"
    Dan "diskominfo" mengembalikan berkas karena kurang "Proposal" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "missing"
    Ketika "diskominfo" mengembalikan berkas karena kurang "Surat permohonan pengembangan sistem / aplikasi" dengan catatan "Surat belum bernomor dan belum ditandatangani"
    Maka permohonan menunggu kelengkapan "Surat permohonan pengembangan sistem / aplikasi"
    Dan langkah aktif adalah 2 oleh "diskominfo"
    Ketika waktu menunjukkan "2026-03-17 10:00"
    Maka langkah aktif belum lewat tenggat
    Ketika waktu menunjukkan "2026-03-17 15:00"
    Dan "opd" melengkapi berkas dengan "surat-bernomor.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Surat belum bernomor dan belum ditandatangani"
    Dan langkah 2 jatuh tempo pada "2026-03-18 13:00"
    Ketika waktu menunjukkan "2026-03-18 12:00"
    Dan "diskominfo" menyelesaikan langkah 2
    Maka langkah 2 tercatat tepat waktu
    Dan langkah aktif adalah 3 oleh "diskominfo"

  # Mutu Baku: "Evaluasi terhadap sistem / aplikasi" yang diperlukan langkah 14 adalah evaluasi
  # hasil langkah 13 ("... yang dikembangkan"), dan "Manual Book" langkah 17 adalah hasil langkah 15;
  # Berita Acara Hasil UAT dan Daftar Hadir Bimtek dibuat oleh layanan.

  Skenario: Evaluasi UAT langkah 13 menjadi Kelengkapan langkah 14; Berita Acara UAT dibuat layanan
    Dengan permohonan telah sampai pada langkah 14
    Maka kelengkapan "Evaluasi terhadap sistem / aplikasi" langkah aktif sudah ada, dari "Evaluasi terhadap sistem / aplikasi yang dikembangkan"
    Ketika "opd" memutuskan "ya" pada langkah 14 tanpa membawa dokumen
    Maka langkah 14 tercatat "Berita Acara Hasil User Acceptance Test" dibuat oleh layanan
    Dan langkah aktif adalah 15 oleh "bidang-ptikp"

  Skenario: Bimtek memerlukan Manual Book hasil langkah 15; Daftar Hadir dibuat layanan, Berita Acara Bimtek tidak
    Dengan permohonan telah sampai pada langkah 17
    Maka kelengkapan "Manual Book" langkah aktif sudah ada, dari "Manual Book Sistem / Aplikasi yang baru"
    Ketika "bidang-ptikp" menyelesaikan langkah 17 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "-" dan output "Berita Acara Hasil Bimbingan Teknis"
