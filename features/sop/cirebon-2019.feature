# language: id
# SOP 037/SOP-EGOV/2019 "Pengembangan Aplikasi", DKIS Kota Cirebon, Bidang Layanan e-Government
# (tenants/sops/cirebon-2019.yaml). Peran: opd (Klien/SKPD), kadis (Kadis DKIS), kabid-egov
# (Kabid Layanan E-Government), kasie-ekosistem (Kasie Pengembangan Ekosistem E-Government),
# kasie-aplikasi (Kasie Pengembangan Aplikasi), pic, pihak-ketiga.
# Waktu: WIB (Asia/Jakarta). "menit" dihitung pada jam kerja Senin-Jumat 07:30-16:00 dan
# melompati hari libur dan cuti bersama (18-24 Maret 2026: Nyepi, Idul Fitri); "hari" adalah
# hari kalender.

Fitur: SOP Pengembangan Aplikasi DKIS Kota Cirebon
  Sebagai Kepala Bidang Layanan e-Government DKIS Kota Cirebon
  Saya ingin setiap permohonan pengembangan aplikasi berjalan menurut SOP 037/SOP-EGOV/2019
  Agar jelas siapa yang mengembangkan aplikasi (DKIS sendiri atau pihak ketiga) dan setiap langkah tepat waktu

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "cirebon-2019" di zona waktu "Asia/Jakarta"
    Dengan waktu sekarang "2026-03-16 09:00"

  Skenario: Aplikasi dikembangkan sendiri oleh DKIS dari permohonan sampai pengarsipan
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "kadis"
    Ketika "kadis" menyelesaikan langkah 2
    Maka langkah aktif adalah 3 oleh "kabid-egov"
    Ketika "kabid-egov" menyelesaikan langkah 3
    Maka langkah aktif adalah 4 oleh "kabid-egov"
    Ketika "kabid-egov" memutuskan "ya" pada langkah 4
    Maka langkah aktif adalah 6 oleh "kasie-aplikasi"
    Ketika "kasie-aplikasi" menyelesaikan langkah 6 dengan menunjuk "Dedi (PIC)"
    Maka langkah aktif adalah 7 oleh "kabid-egov"
    Dan langkah 6 tercatat menunjuk "Dedi (PIC)"
    Ketika "kabid-egov" memutuskan "ya" pada langkah 7
    Maka langkah aktif adalah 8 oleh "pic"
    Ketika "pic" mengerjakan langkah 8 sampai 12
    Maka langkah aktif adalah 13 oleh "opd"
    Ketika "opd" menyelesaikan langkah 13
    Maka langkah aktif adalah 14 oleh "pic"
    Ketika "pic" menyelesaikan langkah 14 atas nama "Dedi (PIC)"
    Maka langkah aktif adalah 15 oleh "kasie-aplikasi"
    Ketika "kasie-aplikasi" menyelesaikan langkah 15
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Analysed, Decided, Assigned, Decided, StepCompleted, StepCompleted, StepCompleted, StepCompleted, HandedOver, StepCompleted, StepCompleted, Archived"

  Skenario: Aplikasi dikembangkan oleh pihak ketiga: PIC berkoordinasi (langkah 8), pihak ketiga mengerjakan langkah 9 sampai 12
    # Kolom Pihak Ketiga tidak bertanda pada baris mana pun; "Jika Tidak, dilanjutkan oleh pihak
    # ketiga" (langkah 7) menyerahkan pengembangan (9-12), bukan koordinasi dengan Disposisi (8).
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kabid-egov" memutuskan "tidak" pada langkah 4
    Maka langkah aktif adalah 5 oleh "kasie-ekosistem"
    Ketika "kasie-ekosistem" menyelesaikan langkah 5 dengan menunjuk "CV Solusi Digital"
    Maka langkah aktif adalah 6 oleh "kasie-aplikasi"
    Dan langkah 5 tercatat menunjuk "CV Solusi Digital"
    Ketika "kasie-aplikasi" menyelesaikan langkah 6 dengan menunjuk "Dedi (PIC)"
    Dan "kabid-egov" memutuskan "tidak" pada langkah 7
    Maka langkah aktif adalah 8 oleh "pic"
    Ketika "pihak-ketiga" menyelesaikan langkah 8
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "pic" menyelesaikan langkah 8 atas nama "Dedi (PIC)"
    Maka langkah aktif adalah 9 oleh "pihak-ketiga"
    Dan langkah 8 tercatat dikerjakan oleh "pic-uji" atas nama "Dedi (PIC)"
    Ketika "pic" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "pihak-ketiga" mengerjakan langkah 9 sampai 12
    Maka langkah aktif adalah 13 oleh "opd"
    Dan langkah 9 tercatat dikerjakan oleh "pihak-ketiga-uji" atas nama "CV Solusi Digital"
    Ketika langkah 13 sampai 15 dikerjakan oleh pelaksananya masing-masing
    Maka permohonan berakhir dengan status "completed"
    Dan langkah 9 sampai 12 tercatat dikerjakan oleh "pihak-ketiga"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Analysed, Decided, Assigned, Assigned, Decided, StepCompleted, StepCompleted, StepCompleted, StepCompleted, HandedOver, StepCompleted, StepCompleted, Archived"

  Garis-Besar Skenario: Keputusan langkah 4 "<jawaban_4>" dan langkah 7 "<jawaban_7>": langkah 9 sampai 12 oleh "<pengembang>"
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kabid-egov" memutuskan "<jawaban_4>" pada langkah 4
    Maka langkah aktif adalah <berikutnya> oleh "<penunjuk>"
    Ketika permohonan diteruskan oleh pelaksananya sampai langkah 7
    Dan "kabid-egov" memutuskan "<jawaban_7>" pada langkah 7
    Maka langkah aktif adalah 8 oleh "pic"
    Ketika langkah 8 sampai 15 dikerjakan oleh pelaksananya masing-masing
    Maka permohonan berakhir dengan status "completed"
    Dan langkah 9 sampai 12 tercatat dikerjakan oleh "<pengembang>"
    Dan riwayat permohonan melewati langkah "<jalur>"

    Contoh:
      | jawaban_4 | berikutnya | penunjuk        | jawaban_7 | pengembang   | jalur                                                  |
      | ya        | 6          | kasie-aplikasi  | ya        | pic          | 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15         |
      | ya        | 6          | kasie-aplikasi  | tidak     | pihak-ketiga | 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15         |
      | tidak     | 5          | kasie-ekosistem | ya        | pic          | 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15      |
      | tidak     | 5          | kasie-ekosistem | tidak     | pihak-ketiga | 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15      |

  Skenario: Klien menarik permohonannya saat aplikasi dikembangkan; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 9
    Ketika "opd" menarik permohonan dengan alasan "Pihak ketiga tidak jadi dikontrak"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan peristiwa terakhir adalah "Withdrawn"
    Ketika "pic" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Hanya Klien yang dapat menarik permohonan
    Dengan permohonan telah sampai pada langkah 9
    Ketika "pic" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 9 oleh "pic"

  Skenario: Permohonan yang sudah diarsipkan tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 15
    Ketika "kasie-aplikasi" menyelesaikan langkah 15
    Maka permohonan berakhir dengan status "completed"
    Ketika "opd" menarik permohonan
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran           | langkah | kode            | pelaksana      | alasan                                         |
      | 2     | kabid-egov      | 2       | role_not_held   | kadis          | bukan pelaksana langkah 2                      |
      | 2     | kadis           | 3       | not_active_step | kadis          | langkah 3 belum aktif                          |
      | 6     | kasie-ekosistem | 5       | not_active_step | kasie-aplikasi | langkah 5 dilewati bila DKIS mengembangkan     |
      | 4     | kabid-egov      | 4       | invalid_input   | kabid-egov     | keputusan tanpa ya atau tidak                  |
      | 7     | kabid-egov      | 7       | invalid_input   | kabid-egov     | keputusan tanpa ya atau tidak                  |
      | 6     | kasie-aplikasi  | 6       | invalid_input   | kasie-aplikasi | PIC tanpa nama                                 |
      | 6     | kasie-ekosistem | 6       | role_not_held   | kasie-aplikasi | PIC ditunjuk Kasie Pengembangan Aplikasi       |
      | 8     | pihak-ketiga    | 8       | role_not_held   | pic            | pihak ketiga tidak bekerja bila DKIS mengembangkan |
      | 15    | pic             | 15      | role_not_held   | kasie-aplikasi | pengarsipan oleh Kasie Pengembangan Aplikasi   |

  Garis-Besar Skenario: Tenggat langkah <langkah> (<waktu_baku>) yang mulai <mulai> WIB: <keterangan>
    Dengan waktu sekarang "<mulai>"
    Dengan permohonan telah sampai pada langkah <langkah>
    Maka langkah <langkah> jatuh tempo pada "<tenggat>"

    Contoh:
      | langkah | waktu_baku | mulai            | tenggat          | keterangan                                     |
      | 2       | 5 menit    | 2026-03-16 06:00 | 2026-03-16 07:35 | diajukan sebelum kantor buka                   |
      | 2       | 5 menit    | 2026-03-17 15:58 | 2026-03-25 07:33 | 18-24 Maret libur Nyepi dan Idul Fitri         |
      | 3       | 15 menit   | 2026-03-27 15:50 | 2026-03-30 07:35 | Jumat sore ke Senin pagi                       |
      | 8       | 45 menit   | 2026-03-17 10:00 | 2026-03-17 10:45 | di dalam jam kerja                             |
      | 14      | 90 menit   | 2026-03-27 15:00 | 2026-03-30 08:00 | Jumat sore ke Senin pagi                       |
      | 9       | 3 hari     | 2026-03-17 10:00 | 2026-03-20 10:00 | hari kalender, hari libur ikut dihitung        |
      | 11      | 60 hari    | 2026-03-17 10:00 | 2026-05-16 10:00 | hari kalender, boleh berakhir hari Sabtu       |

  Garis-Besar Skenario: Disposisi 5 menit sebelum libur Nyepi dan Idul Fitri, diselesaikan <selesai> WIB
    # Diajukan Selasa 17 Maret 2026 15:58 WIB: 2 menit sebelum kantor tutup, 3 menit sesudah
    # kantor buka lagi pada Rabu 25 Maret 2026 (18-24 Maret libur dan cuti bersama).
    Dengan waktu sekarang "2026-03-17 15:58"
    Dengan "opd" telah mengajukan permohonan
    Ketika waktu menunjukkan "<selesai>"
    Dan "kadis" menyelesaikan langkah 2
    Maka langkah 2 tercatat <ketepatan>
    Dan langkah 2 jatuh tempo pada "2026-03-25 07:33"

    Contoh:
      | selesai          | ketepatan   |
      | 2026-03-18 08:00 | tepat waktu |
      | 2026-03-25 07:33 | tepat waktu |
      | 2026-03-25 07:34 | terlambat   |

  Skenario: PIC yang ditunjuk mengerjakan langkahnya; pemegang peran PIC lain atas namanya
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kasie-aplikasi" menyelesaikan langkah 6 dengan menunjuk "dedi"
    Dan "kabid-egov" memutuskan "ya" pada langkah 7
    Dan pengguna "dedi" yang memegang peran "pic" menyelesaikan langkah 8
    Maka langkah 8 tercatat dikerjakan sendiri oleh "dedi"
    Ketika pengguna "wawan" yang memegang peran "pic" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "on_behalf_of"
    Ketika pengguna "wawan" yang memegang peran "pic" menyelesaikan langkah 9 atas nama "dedi"
    Maka langkah 9 tercatat dikerjakan oleh "wawan" atas nama "dedi"
    Ketika pengguna "nina" yang memegang peran "kasie-aplikasi" menyelesaikan langkah 10
    Maka tindakan ditolak dengan kode "role_not_held"

  Skenario: Bila pihak ketiga yang mengembangkan, PIC tetap berkoordinasi dan langkah 9 sampai 12 bukan miliknya
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kasie-aplikasi" menyelesaikan langkah 6 dengan menunjuk "dedi"
    Dan "kabid-egov" memutuskan "tidak" pada langkah 7
    Dan pengguna "dedi" yang memegang peran "pic" menyelesaikan langkah 8
    Maka langkah 8 tercatat dikerjakan sendiri oleh "dedi"
    Ketika pengguna "dedi" yang memegang peran "pic" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "pihak-ketiga" menyelesaikan langkah 9
    Maka langkah 9 tercatat dikerjakan sendiri oleh "pihak-ketiga-uji"

  Skenario: Berkas tidak lengkap: waktu identifikasi berhenti selama berkas di tangan Klien, lalu tenggatnya bergeser
    # Langkah 3 (15 menit jam kerja) mulai Senin 16 Maret 2026 09:00 WIB, tenggat 09:15. Kabid
    # mengembalikan berkas pukul 09:05 (sisa 10 menit); Klien melengkapinya Selasa 17 Maret 14:00.
    # Waktu kantor yang terhenti ditambahkan pada tenggat: sisa 10 menit sejak 14:00, jadi 14:10.
    Dengan permohonan telah sampai pada langkah 3
    Ketika waktu menunjukkan "2026-03-16 09:05"
    Dan "kadis" mengembalikan berkas karena kurang "Surat Permohonan" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "kabid-egov" mengembalikan berkas karena kurang "Hasil identifikasi" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "missing"
    Ketika "kabid-egov" mengembalikan berkas karena kurang "Surat Permohonan" dengan catatan "Lampiran kebutuhan aplikasi belum ada"
    Maka permohonan menunggu kelengkapan "Surat Permohonan"
    Dan langkah aktif adalah 3 oleh "kabid-egov"
    Ketika waktu menunjukkan "2026-03-17 10:00"
    Maka langkah aktif belum lewat tenggat
    Ketika waktu menunjukkan "2026-03-17 14:00"
    Dan "opd" melengkapi berkas dengan "surat-permohonan-lengkap.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Lampiran kebutuhan aplikasi belum ada"
    Dan langkah 3 jatuh tempo pada "2026-03-17 14:10"
    Ketika waktu menunjukkan "2026-03-17 14:05"
    Dan "kabid-egov" menyelesaikan langkah 3
    Maka langkah 3 tercatat tepat waktu
    Dan langkah aktif adalah 4 oleh "kabid-egov"

  # Mutu Baku: "Disposisi" hasil langkah 2 dan 4 adalah Lembar Disposisi yang dibuat layanan;
  # langkah 3 memerlukannya bersama Surat Permohonan.

  Skenario: Disposisi Kepala Dinas dibuat layanan dan menjadi Kelengkapan langkah 3
    Ketika "opd" mengajukan permohonan
    Dan "kadis" menyelesaikan langkah 2 tanpa membawa dokumen
    Maka langkah 2 tercatat "Disposisi" dibuat oleh layanan
    Dan kelengkapan "Disposisi" langkah aktif sudah ada, dari "Disposisi"
