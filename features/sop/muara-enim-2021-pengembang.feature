# language: id
# SOP 800/38.a/DISKOMINFO-III/2021 "Pengembangan Aplikasi E-Government", varian PENGEMBANG
# (pihak ketiga), Diskominfo Kabupaten Muara Enim
# (tenants/sops/muara-enim-2021-pengembang.yaml). Peran: opd (Instansi Pengguna), staff-egov,
# kabid-egov (KABID E-Government), kasi-pengembangan-aplikasi. Waktu: WIB (Asia/Jakarta).
# "menit" dihitung pada jam kerja Senin-Jumat 07:30-16:00 dan melompati hari libur dan cuti
# bersama (18-24 Maret 2026); "hari" adalah hari kalender. Varian ini tidak memiliki langkah
# keputusan.

Fitur: SOP Pengembangan Aplikasi E-Government oleh Pengembang Diskominfo Kabupaten Muara Enim
  Sebagai KABID E-Government Diskominfo Kabupaten Muara Enim
  Saya ingin aplikasi yang dikerjakan pengembang pihak ketiga diawasi menurut SOP
  Agar kontrak, monitoring 90 hari, review, pelatihan dan implementasi tercatat dan terpantau tenggatnya

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "muara-enim-2021-pengembang" di zona waktu "Asia/Jakarta"
    Dengan waktu sekarang "2026-03-16 09:00"

  Skenario: Aplikasi dikerjakan pengembang dari identifikasi kebutuhan sampai implementasi
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "staff-egov"
    Ketika "staff-egov" menyelesaikan langkah 2
    Maka langkah aktif adalah 3 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 3
    Maka langkah aktif adalah 4 oleh "kasi-pengembangan-aplikasi"
    Ketika "kasi-pengembangan-aplikasi" menyelesaikan langkah 4 dengan menunjuk "PT Pengembang Nusantara"
    Maka langkah aktif adalah 5 oleh "kabid-egov"
    Dan langkah 4 tercatat menunjuk "PT Pengembang Nusantara"
    Ketika "kabid-egov" mengerjakan langkah 5 sampai 6
    Maka langkah aktif adalah 7 oleh "staff-egov"
    Ketika "staff-egov" mengerjakan langkah 7 sampai 8
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 7, 8"
    Dan riwayat permohonan berisi peristiwa "Submitted, StepCompleted, StepCompleted, Assigned, StepCompleted, StepCompleted, StepCompleted, HandedOver"

  Skenario: Instansi Pengguna menarik permohonannya saat pengerjaan dimonitor; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 5
    Ketika "opd" menarik permohonan dengan alasan "Kontrak pengembang diputus"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan riwayat permohonan berisi peristiwa "Submitted, StepCompleted, StepCompleted, Assigned, Withdrawn"
    Ketika "kabid-egov" menyelesaikan langkah 5
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Hanya Instansi Pengguna yang dapat menarik permohonan
    Dengan permohonan telah sampai pada langkah 5
    Ketika "kasi-pengembangan-aplikasi" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 5 oleh "kabid-egov"

  Skenario: Permohonan yang sudah diimplementasikan tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 8
    Ketika "staff-egov" menyelesaikan langkah 8
    Maka permohonan berakhir dengan status "completed"
    Ketika "opd" menarik permohonan
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran                      | langkah | kode            | pelaksana                  | alasan                             |
      | 3     | opd                        | 3       | role_not_held   | kabid-egov                 | review dipimpin KABID E-Government |
      | 4     | kasi-pengembangan-aplikasi | 4       | invalid_input   | kasi-pengembangan-aplikasi | pengembang tidak disebut namanya   |
      | 5     | staff-egov                 | 5       | role_not_held   | kabid-egov                 | monitoring oleh KABID E-Government |
      | 5     | kabid-egov                 | 6       | not_active_step | kabid-egov                 | review sebelum monitoring selesai  |

  Skenario: Langkah yang bukan keputusan tidak menerima jawaban ya atau tidak
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-egov" memutuskan "tidak" pada langkah 6
    Maka tindakan ditolak dengan kode "invalid_input"
    Dan langkah aktif adalah 6 oleh "kabid-egov"

  Garis-Besar Skenario: Tenggat langkah <langkah> (<waktu_baku>) yang mulai <mulai> WIB: <keterangan>
    Dengan waktu sekarang "<mulai>"
    Dengan permohonan telah sampai pada langkah <langkah>
    Maka langkah <langkah> jatuh tempo pada "<tenggat>"

    Contoh:
      | langkah | waktu_baku | mulai            | tenggat          | keterangan                              |
      | 2       | 3 hari     | 2026-03-17 10:00 | 2026-03-20 10:00 | hari kalender, hari libur ikut dihitung |
      | 3       | 120 menit  | 2026-03-17 15:00 | 2026-03-25 08:30 | jam kerja, melewati libur 18-24 Maret   |
      | 5       | 90 hari    | 2026-03-17 10:00 | 2026-06-15 10:00 | hari kalender                           |
      | 6       | 120 menit  | 2026-03-27 15:00 | 2026-03-30 08:30 | Jumat sore ke Senin pagi                |
      | 7       | 1 hari     | 2026-03-17 10:00 | 2026-03-18 10:00 | hari kalender                           |

  Garis-Besar Skenario: Monitoring dan evaluasi yang selesai <selesai> WIB tercatat <ketepatan>
    # Langkah 5 (90 hari) mulai Selasa 17 Maret 2026 10:00 WIB: tenggat Senin 15 Juni 2026 10:00.
    Dengan waktu sekarang "2026-03-17 10:00"
    Dengan permohonan telah sampai pada langkah 5
    Ketika waktu menunjukkan "<selesai>"
    Maka langkah aktif <lewat> lewat tenggat
    Ketika "kabid-egov" menyelesaikan langkah 5
    Maka langkah 5 tercatat <ketepatan>
    Dan langkah aktif adalah 6 oleh "kabid-egov"

    Contoh:
      | selesai          | lewat | ketepatan   |
      | 2026-06-12 15:00 | belum | tepat waktu |
      | 2026-06-16 08:00 | sudah | terlambat   |

  Skenario: Implementasi tidak memiliki waktu baku sehingga tidak memiliki tenggat
    Dengan permohonan telah sampai pada langkah 8
    Maka langkah 8 tidak memiliki tenggat waktu

  Skenario: Berkas tidak lengkap: waktu review berhenti selama berkas di tangan Instansi Pengguna, melewati akhir pekan
    # Langkah 3 (120 menit jam kerja) mulai Jumat 27 Maret 2026 14:30 WIB, tenggat Senin 30 Maret
    # 08:00. KABID E-Government mengembalikan berkas Jumat 15:30 (sisa 60 menit); Instansi
    # Pengguna melengkapinya Senin 10:00. Sisa 60 menit sejak itu: Senin 11:00.
    Dengan waktu sekarang "2026-03-27 14:30"
    Dengan permohonan telah sampai pada langkah 3
    Maka langkah 3 jatuh tempo pada "2026-03-30 08:00"
    Ketika waktu menunjukkan "2026-03-27 15:30"
    Dan "kabid-egov" mengembalikan berkas karena kurang "Dokumen permintaan modifikasi kebutuhan" dengan catatan "Daftar modifikasi belum dilampirkan"
    Maka permohonan menunggu kelengkapan "Dokumen permintaan modifikasi kebutuhan"
    Dan langkah aktif adalah 3 oleh "kabid-egov"
    Ketika waktu menunjukkan "2026-03-30 10:00"
    Maka langkah aktif belum lewat tenggat
    Ketika "opd" mengirim kembali berkas tanpa lampiran
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "documents"
    Ketika "opd" melengkapi berkas dengan "daftar-modifikasi.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Daftar modifikasi belum dilampirkan"
    Dan langkah 3 jatuh tempo pada "2026-03-30 11:00"
    Ketika waktu menunjukkan "2026-03-30 11:30"
    Dan "kabid-egov" menyelesaikan langkah 3
    Maka langkah 3 tercatat terlambat
    Dan langkah aktif adalah 4 oleh "kasi-pengembangan-aplikasi"

  # Mutu Baku: dokumen yang tercetak sebagai Kelengkapan dan Output langkah yang sama dibawa ke
  # langkah itu (berkas atau rujukan "diserahkan di luar sistem") lalu diteruskan sebagai Output-nya.

  Skenario: Spesifikasi kebutuhan tidak dapat diselesaikan tanpa dokumennya
    Ketika "opd" mengajukan permohonan
    Dan "staff-egov" menyelesaikan langkah 2 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "Dokumen spesifikasi kebutuhan" dan output "Dokumen spesifikasi kebutuhan"
    Dan langkah aktif adalah 2 oleh "staff-egov"
