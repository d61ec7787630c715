# language: id
# SOP 800/38.a/DISKOMINFO-III/2021 "Pengembangan Aplikasi E-Government", varian MANDIRI
# (dikembangkan sendiri), Diskominfo Kabupaten Muara Enim
# (tenants/sops/muara-enim-2021-mandiri.yaml). Peran: opd (Instansi Pengguna), staff-egov,
# kabid-egov (KABID E-Government), kasi-pengembangan-aplikasi, system-analyst.
# Waktu: WIB (Asia/Jakarta). "menit" dihitung pada jam kerja Senin-Jumat 07:30-16:00 dan
# melompati hari libur dan cuti bersama (18-24 Maret 2026); "hari" adalah hari kalender.
# Varian ini tidak memiliki langkah keputusan.

Fitur: SOP Pengembangan Aplikasi E-Government Mandiri Diskominfo Kabupaten Muara Enim
  Sebagai KABID E-Government Diskominfo Kabupaten Muara Enim
  Saya ingin aplikasi yang kami kembangkan sendiri melalui setiap langkah SOP secara berurutan
  Agar System Analyst dan programmer ditunjuk dengan jelas dan setiap langkah tercatat tepat waktu atau terlambat

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "muara-enim-2021-mandiri" di zona waktu "Asia/Jakarta"
    Dengan waktu sekarang "2026-03-16 09:00"

  Skenario: Aplikasi dikembangkan sendiri dari identifikasi kebutuhan sampai implementasi
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "staff-egov"
    Ketika "staff-egov" menyelesaikan langkah 2
    Maka langkah aktif adalah 3 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 3
    Maka langkah aktif adalah 4 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 4 dengan menunjuk "Sari (System Analyst)"
    Maka langkah aktif adalah 5 oleh "system-analyst"
    Dan langkah 4 tercatat menunjuk "Sari (System Analyst)"
    Ketika "system-analyst" menyelesaikan langkah 5 atas nama "Sari (System Analyst)"
    Maka langkah aktif adalah 6 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 6 dengan menunjuk "Andi (Programmer)"
    Maka langkah aktif adalah 7 oleh "system-analyst"
    Dan langkah 6 tercatat menunjuk "Andi (Programmer)"
    Ketika "system-analyst" mengerjakan langkah 7 sampai 8
    Maka langkah aktif adalah 9 oleh "staff-egov"
    Ketika "staff-egov" menyelesaikan langkah 9 atas nama "Andi (Programmer)"
    Maka langkah aktif adalah 10 oleh "opd"
    Ketika "opd" menyelesaikan langkah 10
    Maka langkah aktif adalah 11 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 11
    Maka langkah aktif adalah 12 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 12
    Maka langkah aktif adalah 13 oleh "staff-egov"
    Ketika "staff-egov" mengerjakan langkah 13 sampai 14
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14"
    Dan riwayat permohonan berisi peristiwa "Submitted, StepCompleted, StepCompleted, Assigned, StepCompleted, Assigned, Analysed, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, StepCompleted, HandedOver"

  Skenario: Instansi Pengguna menarik permohonannya saat prototype dibuat; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 9
    Ketika "opd" menarik permohonan dengan alasan "Kegiatan dibatalkan dalam APBD perubahan"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan peristiwa terakhir adalah "Withdrawn"
    Ketika "staff-egov" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Hanya Instansi Pengguna yang dapat menarik permohonan
    Dengan permohonan telah sampai pada langkah 9
    Ketika "kabid-egov" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 9 oleh "staff-egov"

  Skenario: Permohonan yang sudah diimplementasikan tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 14
    Ketika "staff-egov" menyelesaikan langkah 14
    Maka permohonan berakhir dengan status "completed"
    Ketika "staff-egov" menyelesaikan langkah 14
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran                      | langkah | kode            | pelaksana                  | alasan                               |
      | 2     | opd                        | 2       | role_not_held   | staff-egov                 | spesifikasi dibuat Staff E-Gov       |
      | 4     | kasi-pengembangan-aplikasi | 4       | invalid_input   | kasi-pengembangan-aplikasi | System Analyst tidak disebut namanya |
      | 5     | kasi-pengembangan-aplikasi | 5       | role_not_held   | system-analyst             | rencana dibuat System Analyst        |
      | 6     | kasi-pengembangan-aplikasi | 6       | invalid_input   | kasi-pengembangan-aplikasi | programmer tidak disebut namanya     |
      | 9     | staff-egov                 | 10      | not_active_step | staff-egov                 | UAT sebelum prototype selesai        |
      | 10    | staff-egov                 | 10      | role_not_held   | opd                        | UAT oleh Instansi Pengguna           |

  Skenario: Langkah yang bukan keputusan tidak menerima jawaban ya atau tidak
    Dengan permohonan telah sampai pada langkah 10
    Ketika "opd" memutuskan "ya" pada langkah 10
    Maka tindakan ditolak dengan kode "invalid_input"
    Dan langkah aktif adalah 10 oleh "opd"

  Garis-Besar Skenario: Tenggat langkah <langkah> (<waktu_baku>) yang mulai <mulai> WIB: <keterangan>
    Dengan waktu sekarang "<mulai>"
    Dengan permohonan telah sampai pada langkah <langkah>
    Maka langkah <langkah> jatuh tempo pada "<tenggat>"

    Contoh:
      | langkah | waktu_baku | mulai            | tenggat          | keterangan                                 |
      | 2       | 3 hari     | 2026-03-17 10:00 | 2026-03-20 10:00 | hari kalender, hari libur ikut dihitung    |
      | 3       | 120 menit  | 2026-03-17 15:00 | 2026-03-25 08:30 | jam kerja, melewati libur 18-24 Maret      |
      | 4       | 60 menit   | 2026-03-17 10:00 | 2026-03-17 11:00 | di dalam jam kerja                         |
      | 5       | 4 hari     | 2026-03-17 10:00 | 2026-03-21 10:00 | hari kalender, boleh berakhir hari Sabtu   |
      | 9       | 90 hari    | 2026-03-17 10:00 | 2026-06-15 10:00 | hari kalender                              |
      | 11      | 90 menit   | 2026-03-27 15:00 | 2026-03-30 08:00 | Jumat sore ke Senin pagi                   |

  Garis-Besar Skenario: Prototype yang diserahkan <selesai> WIB tercatat <ketepatan>
    # Langkah 9 (90 hari) mulai Selasa 17 Maret 2026 10:00 WIB: tenggat Senin 15 Juni 2026 10:00.
    Dengan waktu sekarang "2026-03-17 10:00"
    Dengan permohonan telah sampai pada langkah 9
    Ketika waktu menunjukkan "<selesai>"
    Dan "staff-egov" menyelesaikan langkah 9
    Maka langkah 9 tercatat <ketepatan>
    Dan langkah aktif adalah 10 oleh "opd"

    Contoh:
      | selesai          | ketepatan   |
      | 2026-06-15 10:00 | tepat waktu |
      | 2026-06-15 10:01 | terlambat   |

  Skenario: Implementasi tidak memiliki waktu baku sehingga tidak memiliki tenggat
    Dengan permohonan telah sampai pada langkah 14
    Maka langkah 14 tidak memiliki tenggat waktu
    Ketika waktu menunjukkan "2027-03-16 09:00"
    Maka langkah aktif belum lewat tenggat

  Skenario: System analyst yang ditunjuk mengerjakan langkahnya; pemegang peran lain atas namanya
    # Langkah 5, 7 dan 8 milik system analyst yang ditunjuk pada langkah 4; langkah 9 milik
    # programmer yang ditunjuk pada langkah 6.
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 4 dengan menunjuk "sari"
    Dan pengguna "sari" yang memegang peran "system-analyst" menyelesaikan langkah 5
    Maka langkah 5 tercatat dikerjakan sendiri oleh "sari"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 6 dengan menunjuk "andi"
    Dan pengguna "tono" yang memegang peran "system-analyst" menyelesaikan langkah 7
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "on_behalf_of"
    Ketika pengguna "tono" yang memegang peran "system-analyst" menyelesaikan langkah 7 atas nama "sari"
    Maka langkah 7 tercatat dikerjakan oleh "tono" atas nama "sari"
    Ketika pengguna "andi" yang memegang peran "staff-egov" menyelesaikan langkah 8
    Maka tindakan ditolak dengan kode "role_not_held"

  Skenario: Berkas tidak lengkap: waktu review berhenti selama berkas di tangan Instansi Pengguna, melewati libur
    # Langkah 3 (120 menit jam kerja) mulai Senin 16 Maret 2026 09:00 WIB, tenggat 11:00. KABID
    # E-Government mengembalikan berkas pukul 10:00 (sisa 60 menit); Instansi Pengguna
    # melengkapinya Rabu 25 Maret 09:00, sesudah libur 18-24 Maret. Sisa 60 menit sejak itu: 10:00.
    Dengan permohonan telah sampai pada langkah 3
    Ketika waktu menunjukkan "2026-03-16 10:00"
    Dan "staff-egov" mengembalikan berkas karena kurang "Dokumen permintaan modifikasi kebutuhan" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "kabid-egov" mengembalikan berkas karena kurang "Dokumen permintaan modifikasi kebutuhan" dengan catatan "Permintaan modifikasi belum ditandatangani Kepala Instansi"
    Maka permohonan menunggu kelengkapan "Dokumen permintaan modifikasi kebutuhan"
    Dan langkah aktif adalah 3 oleh "kabid-egov"
    Ketika "kabid-egov" melengkapi berkas dengan "permintaan-modifikasi.pdf"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika waktu menunjukkan "2026-03-24 16:00"
    Maka langkah aktif belum lewat tenggat
    Ketika waktu menunjukkan "2026-03-25 09:00"
    Dan "opd" melengkapi berkas dengan "permintaan-modifikasi.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Permintaan modifikasi belum ditandatangani Kepala Instansi"
    Dan langkah 3 jatuh tempo pada "2026-03-25 10:00"
    Ketika waktu menunjukkan "2026-03-25 09:45"
    Dan "kabid-egov" menyelesaikan langkah 3
    Maka langkah 3 tercatat tepat waktu
    Dan langkah aktif adalah 4 oleh "kasi-pengembangan-aplikasi"

  # Mutu Baku: dokumen yang tercetak sebagai Kelengkapan dan Output langkah yang sama dibawa ke
  # langkah itu (berkas atau rujukan "diserahkan di luar sistem") lalu diteruskan sebagai Output-nya.

  Skenario: Spesifikasi kebutuhan tidak dapat diselesaikan tanpa dokumennya
    Ketika "opd" mengajukan permohonan
    Dan "staff-egov" menyelesaikan langkah 2 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "Dokumen spesifikasi kebutuhan" dan output "Dokumen spesifikasi kebutuhan"
    Dan langkah aktif adalah 2 oleh "staff-egov"
