# language: id
# SOP 555/568/DKIST/2021 "Layanan Permohonan Pembuatan Aplikasi", DKISP Kabupaten Sumbawa
# (tenants/sops/sumbawa-2021.yaml). Peran: opd (OPD pemohon dan Tim Teknisnya), kadis,
# kabid-ti (Kepala Bidang TI), kasi-aplikasi (Kepala Seksi Aplikasi dan E-Government),
# tim-pengembang (Tim Pengembang Aplikasi Kominfo). Waktu: WITA (Asia/Makassar).
# Libur 2026 yang dipakai: 18-19 Maret Nyepi dan cuti bersamanya, 20-24 Maret Idul Fitri dan
# cuti bersamanya, 3 April Jumat Agung, 1 Mei Hari Buruh, 14-15 Mei Kenaikan Isa Almasih.

Fitur: SOP Layanan Permohonan Pembuatan Aplikasi DKISP Kabupaten Sumbawa
  Sebagai Kepala Bidang Teknologi Informasi DKISP Kabupaten Sumbawa
  Saya ingin setiap permohonan aplikasi dari OPD berjalan persis menurut SOP 555/568/DKIST/2021
  Agar setiap langkah dikerjakan oleh pejabat yang berwenang, dalam waktu bakunya, dan tercatat

  Latar Belakang:
    Dengan Diskominfo yang menjalankan SOP "sumbawa-2021" di zona waktu "Asia/Makassar"
    Dengan waktu sekarang "2026-03-17 10:00"

  Skenario: Permohonan yang disetujui berjalan dari surat masuk sampai Berita Acara Pekerjaan
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "kadis"
    Ketika "kadis" menyelesaikan langkah 2
    Maka langkah aktif adalah 3 oleh "kabid-ti"
    Ketika "kabid-ti" menyelesaikan langkah 3
    Maka langkah aktif adalah 4 oleh "kasi-aplikasi"
    Ketika "kasi-aplikasi" menyelesaikan langkah 4 dengan menunjuk "Tim Pengembang: Rina dan Bayu"
    Maka langkah aktif adalah 5 oleh "kasi-aplikasi"
    Dan langkah 4 tercatat menunjuk "Tim Pengembang: Rina dan Bayu"
    Ketika "kasi-aplikasi" menyelesaikan langkah 5
    Maka langkah aktif adalah 6 oleh "kabid-ti"
    Ketika "kabid-ti" memutuskan "ya" pada langkah 6
    Maka langkah aktif adalah 8 oleh "kasi-aplikasi"
    Ketika langkah 8 sampai 10 dikerjakan oleh pelaksananya masing-masing
    Maka langkah aktif adalah 11 oleh "opd"
    Ketika "opd" memutuskan "ya" pada langkah 11
    Maka langkah aktif adalah 12 oleh "tim-pengembang"
    Ketika "tim-pengembang" mengerjakan langkah 12 sampai 13
    Maka langkah aktif adalah 14 oleh "opd"
    Ketika "opd" memutuskan "ya" pada langkah 14
    Maka langkah aktif adalah 15 oleh "tim-pengembang"
    Ketika langkah 15 sampai 17 dikerjakan oleh pelaksananya masing-masing
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Disposed, Assigned, Analysed, Decided, StepCompleted, StepCompleted, StepCompleted, PlanReviewed, StepCompleted, StepCompleted, UATPassed, StepCompleted, StepCompleted, HandedOver"

  Skenario: Infrastruktur, SDM atau anggaran tidak tersedia: OPD disurati dan permohonan berakhir
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-ti" memutuskan "tidak" pada langkah 6 dengan alasan "Anggaran 2026 tidak tersedia"
    Maka langkah aktif adalah 7 oleh "kabid-ti"
    Dan peristiwa terakhir mencatat alasan "Anggaran 2026 tidak tersedia"
    Ketika "kabid-ti" menyelesaikan langkah 7
    Maka permohonan berakhir dengan status "rejected_for_resources"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Disposed, Assigned, Analysed, Decided, RejectedForResources"
    Ketika "kasi-aplikasi" menyelesaikan langkah 8
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Laporan ketidaktersediaan tercatat hanya bila jawaban langkah 6 "tidak"
    # Output langkah 6 yang tercetak adalah laporan ketidaktersediaan: ada hanya bila sumber daya
    # tidak tersedia. Langkah 7 tercetak tanpa Kelengkapan dan tanpa Output.
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-ti" memutuskan "tidak" pada langkah 6 dengan alasan "SDM tidak tersedia"
    Maka langkah 6 tercatat menghasilkan "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"
    Ketika "kabid-ti" menyelesaikan langkah 7
    Maka langkah 7 tercatat tanpa dokumen
    Dan permohonan berakhir dengan status "rejected_for_resources"

  Skenario: Bila infrastruktur, SDM dan anggaran tersedia, tidak ada laporan ketidaktersediaan
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-ti" memutuskan "ya" pada langkah 6
    Maka langkah 6 tercatat tanpa dokumen
    Dan langkah aktif adalah 8 oleh "kasi-aplikasi"

  Skenario: Jawaban "tidak" pada langkah 6 berujung pada penolakan, maka Kabid TI wajib menuliskan alasannya
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-ti" memutuskan "tidak" pada langkah 6
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "note"
    Dan langkah aktif adalah 6 oleh "kabid-ti"

  Skenario: Tim Teknis OPD tidak menyetujui rencana: Tim Pengembang menyusun ulang rencananya
    Dengan permohonan telah sampai pada langkah 11
    Ketika "opd" memutuskan "tidak" pada langkah 11
    Maka langkah aktif adalah 9 oleh "tim-pengembang"
    Dan peristiwa terakhir adalah "PlanReviewed" pada langkah 11
    Dan langkah 9 jatuh tempo pada "2026-03-25 10:00"
    Ketika "tim-pengembang" mengerjakan langkah 9 sampai 10
    Maka langkah aktif adalah 11 oleh "opd"
    Ketika "opd" memutuskan "tidak" pada langkah 11
    Maka langkah aktif adalah 9 oleh "tim-pengembang"
    Ketika "tim-pengembang" mengerjakan langkah 9 sampai 10
    Dan "opd" memutuskan "ya" pada langkah 11
    Maka langkah aktif adalah 12 oleh "tim-pengembang"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 9, 10, 11, 9, 10, 11"

  Skenario: Tim Teknis OPD tidak menyetujui hasil: aplikasi kembali ke tahap pengembangan
    Dengan permohonan telah sampai pada langkah 14
    Ketika "opd" memutuskan "tidak" pada langkah 14
    Maka langkah aktif adalah 12 oleh "tim-pengembang"
    Dan peristiwa terakhir adalah "UATFailed" pada langkah 14
    Ketika "tim-pengembang" mengerjakan langkah 12 sampai 13
    Maka langkah aktif adalah 14 oleh "opd"
    Ketika "opd" memutuskan "ya" pada langkah 14
    Maka peristiwa terakhir adalah "UATPassed" pada langkah 14
    Ketika langkah 15 sampai 17 dikerjakan oleh pelaksananya masing-masing
    Maka permohonan berakhir dengan status "completed"
    Dan riwayat permohonan melewati langkah "1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 12, 13, 14, 15, 16, 17"

  Skenario: OPD menarik permohonannya; sesudah itu tidak ada tindakan lagi
    Dengan permohonan telah sampai pada langkah 5
    Ketika "opd" menarik permohonan dengan alasan "Aplikasi sudah disediakan Kementerian"
    Maka permohonan berakhir dengan status "withdrawn"
    Dan riwayat permohonan berisi peristiwa "Submitted, Disposed, Disposed, Assigned, Withdrawn"
    Dan peristiwa terakhir mencatat alasan "Aplikasi sudah disediakan Kementerian"
    Ketika "kasi-aplikasi" menyelesaikan langkah 5
    Maka tindakan ditolak dengan kode "request_finished"
    Ketika "opd" menarik permohonan
    Maka tindakan ditolak dengan kode "request_finished"

  Skenario: Menarik permohonan memerlukan alasan
    Dengan permohonan telah sampai pada langkah 3
    Ketika "opd" menarik permohonan
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "note"
    Dan langkah aktif adalah 3 oleh "kabid-ti"

  Skenario: Hanya OPD pemohon yang dapat menarik permohonan
    Dengan permohonan telah sampai pada langkah 3
    Ketika "kadis" menarik permohonan
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan langkah aktif adalah 3 oleh "kabid-ti"

  Skenario: Hanya OPD yang dapat mengajukan permohonan
    Ketika "kadis" mengajukan permohonan
    Maka tindakan ditolak dengan kode "role_not_held"

  Skenario: Permohonan yang sudah selesai tidak menerima tindakan lagi
    Dengan permohonan telah sampai pada langkah 17
    Ketika "tim-pengembang" menyelesaikan langkah 17
    Maka permohonan berakhir dengan status "completed"
    Ketika "tim-pengembang" menyelesaikan langkah 17
    Maka tindakan ditolak dengan kode "request_finished"

  Garis-Besar Skenario: Tindakan yang tidak sesuai SOP ditolak dan tidak mengubah permohonan (<alasan>)
    Dengan permohonan telah sampai pada langkah <aktif>
    Ketika "<peran>" menyelesaikan langkah <langkah>
    Maka tindakan ditolak dengan kode "<kode>"
    Dan langkah aktif adalah <aktif> oleh "<pelaksana>"

    Contoh:
      | aktif | peran          | langkah | kode            | pelaksana     | alasan                              |
      | 2     | kabid-ti       | 2       | role_not_held   | kadis         | bukan pelaksana langkah 2           |
      | 2     | opd            | 2       | role_not_held   | kadis         | OPD tidak mendisposisi              |
      | 2     | kabid-ti       | 3       | not_active_step | kadis         | langkah 3 belum aktif               |
      | 8     | kasi-aplikasi  | 6       | not_active_step | kasi-aplikasi | langkah 6 sudah lewat               |
      | 4     | kasi-aplikasi  | 4       | invalid_input   | kasi-aplikasi | penunjukan tanpa nama tim           |
      | 6     | kabid-ti       | 6       | invalid_input   | kabid-ti      | keputusan tanpa ya atau tidak       |
      | 11    | tim-pengembang | 11      | role_not_held   | opd           | rencana hanya ditanggapi Tim Teknis |
      | 14    | kabid-ti       | 14      | role_not_held   | opd           | hasil hanya diterima Tim Teknis     |

  Skenario: Keputusan hanya dapat dijawab "ya" atau "tidak"
    Dengan permohonan telah sampai pada langkah 6
    Ketika "kabid-ti" memutuskan "mungkin" pada langkah 6
    Maka tindakan ditolak dengan kode "invalid_input"
    Dan langkah aktif adalah 6 oleh "kabid-ti"

  Garis-Besar Skenario: Tenggat 1 Hari Kerja melewati Nyepi dan cuti bersama Idul Fitri 2026 (<selesai>)
    # Langkah 2 mulai Selasa 17 Maret 2026 10:00 WITA; 18-24 Maret libur dan cuti bersama,
    # maka satu hari kerja berakhir Rabu 25 Maret 2026 10:00 WITA.
    Ketika "opd" mengajukan permohonan
    Maka langkah aktif adalah 2 oleh "kadis"
    Dan langkah 2 jatuh tempo pada "2026-03-25 10:00"
    Ketika waktu menunjukkan "<selesai>"
    Maka langkah aktif <lewat> lewat tenggat
    Ketika "kadis" menyelesaikan langkah 2
    Maka langkah 2 tercatat <ketepatan>
    Dan langkah aktif adalah 3 oleh "kabid-ti"

    Contoh:
      | selesai          | lewat | ketepatan   |
      | 2026-03-24 16:00 | belum | tepat waktu |
      | 2026-03-25 10:00 | belum | tepat waktu |
      | 2026-03-25 10:01 | sudah | terlambat   |
      | 2026-03-26 08:00 | sudah | terlambat   |

  Garis-Besar Skenario: Waktu dihitung dalam jam kantor: langkah yang tiba di luar jam kantor mulai pada pembukaan berikutnya (<keterangan>)
    # Hari kerja adalah hari kantor dalam jam kantor (07.30-16.00 WITA). N hari kerja = N hari
    # kantor penuh, dihitung sejak pembukaan kantor bila langkah tiba di luar jam kantor.
    Dengan waktu sekarang "<tiba>"
    Ketika "opd" mengajukan permohonan
    Maka langkah 2 jatuh tempo pada "<tenggat>"

    Contoh:
      | tiba             | tenggat          | keterangan                                        |
      | 2026-12-05 01:16 | 2026-12-07 16:00 | Sabtu dini hari: mulai Senin 07.30, habis 16.00   |
      | 2026-12-07 10:00 | 2026-12-08 10:00 | Senin 10.00: Selasa 10.00                         |
      | 2026-12-07 06:00 | 2026-12-07 16:00 | sebelum buka: mulai 07.30 hari itu               |
      | 2026-12-07 17:30 | 2026-12-08 16:00 | sesudah tutup: mulai besok pagi                   |
      | 2026-12-23 15:00 | 2026-12-28 15:00 | Rabu: 24 cuti bersama, 25 Natal, 26-27 akhir pekan |

  Skenario: Berkas tidak lengkap: waktu langkah berhenti selama berkas di tangan pemohon, lalu tenggatnya bergeser
    # Langkah 2 mulai Selasa 17 Maret 2026 10:00 WITA, tenggat Rabu 25 Maret 10:00 (18-24 Maret
    # libur). Berkas dikembalikan Selasa 11:00 dan dilengkapi Rabu 25 Maret 11:00: waktu kantor
    # yang terhenti 11:00-16:00 dan 07:30-11:00, satu hari kantor (8,5 jam); tenggat bergeser
    # sebanyak itu, ke Kamis 26 Maret 10:00.
    Ketika "opd" mengajukan permohonan
    Dan waktu menunjukkan "2026-03-17 11:00"
    Dan "kadis" mengembalikan berkas karena kurang "Surat Permohonan Pembuatan Aplikasi" dengan catatan "Surat belum ditandatangani Kepala OPD"
    Maka permohonan menunggu kelengkapan "Surat Permohonan Pembuatan Aplikasi"
    Dan langkah aktif adalah 2 oleh "kadis"
    Ketika waktu menunjukkan "2026-03-25 11:00"
    Maka langkah aktif belum lewat tenggat
    Ketika "kadis" menyelesaikan langkah 2
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "step"
    Ketika "opd" mengirim kembali berkas tanpa lampiran
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "documents"
    Ketika "opd" melengkapi berkas dengan "surat-bertanda-tangan.pdf"
    Maka permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "Surat belum ditandatangani Kepala OPD"
    Dan langkah 2 jatuh tempo pada "2026-03-26 10:00"
    Ketika waktu menunjukkan "2026-03-26 09:00"
    Dan "kadis" menyelesaikan langkah 2
    Maka langkah 2 tercatat tepat waktu
    Dan langkah aktif adalah 3 oleh "kabid-ti"

  Skenario: Hanya pemegang langkah aktif yang mengembalikan berkas, dan hanya dengan kelengkapan langkah itu
    Ketika "opd" mengajukan permohonan
    Dan "kabid-ti" mengembalikan berkas karena kurang "Surat Permohonan Pembuatan Aplikasi" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika "kadis" mengembalikan berkas karena kurang "Proposal" dengan catatan "kurang"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "missing"
    Ketika "kadis" mengembalikan berkas karena kurang "Surat Permohonan Pembuatan Aplikasi" dengan catatan "kurang"
    Dan "kadis" melengkapi berkas dengan "surat.pdf"
    Maka tindakan ditolak dengan kode "role_not_held"
    Dan permohonan menunggu kelengkapan "Surat Permohonan Pembuatan Aplikasi"

  Skenario: Langkah tanpa waktu baku tidak memiliki tenggat
    Dengan permohonan telah sampai pada langkah 3
    Maka langkah 3 tidak memiliki tenggat waktu
    Ketika waktu menunjukkan "2026-12-31 16:00"
    Maka langkah aktif belum lewat tenggat

  Skenario: Pengembangan paling lama 35 hari kerja, tanggapan OPD 2 hari kerja, presentasi 1 hari kalender
    # Langkah 12 mulai Selasa 17 Maret 2026 10:00 WITA. Hari kerja ke-35 sesudahnya jatuh pada
    # Senin 18 Mei 2026 (18-24 Maret, 3 April, 1 Mei, 14-15 Mei libur; Sabtu dan Minggu juga).
    Dengan permohonan telah sampai pada langkah 12
    Maka langkah 12 jatuh tempo pada "2026-05-18 10:00"
    Ketika waktu menunjukkan "2026-05-18 10:30"
    Dan "tim-pengembang" menyelesaikan langkah 12
    Maka langkah 12 tercatat terlambat
    Dan langkah 13 jatuh tempo pada "2026-05-19 10:30"
    Ketika "tim-pengembang" menyelesaikan langkah 13
    Maka langkah 13 tercatat tepat waktu
    # Senin 18 Mei 10:30 + 2 hari kerja = Rabu 20 Mei 10:30 WITA
    Dan langkah 14 jatuh tempo pada "2026-05-20 10:30"

  Skenario: Petugas yang ditunjuk pada langkah 4 mengerjakan langkah Tim Pengembang atas namanya sendiri
    # Langkah 9, 10, 12, 13, 15 dan 17 dikerjakan oleh "Tim Pengembang Aplikasi Kominfo" yang
    # dibentuk pada langkah 4: petugas yang ditunjuk mengerjakannya walau perannya sendiri lain.
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kasi-aplikasi" menyelesaikan langkah 4 dengan menunjuk "budi"
    Dan permohonan diteruskan oleh pelaksananya sampai langkah 9
    Ketika pengguna "budi" yang memegang peran "kasi-aplikasi" menyelesaikan langkah 9
    Maka langkah 9 tercatat dikerjakan sendiri oleh "budi"
    Dan langkah aktif adalah 10 oleh "tim-pengembang"

  Skenario: Langkah 4 membentuk tim dua orang; anggota kedua mengerjakan langkah tim atas namanya sendiri
    # "membentuk Tim Pengembangan Aplikasi": langkah 4 menunjuk beberapa orang, dan siapa pun
    # anggotanya mengerjakan langkah Tim Pengembang; pemegang peran di luar tim atas nama anggota.
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kasi-aplikasi" menyelesaikan langkah 4 dengan menunjuk tim "budi, sari"
    Maka langkah 4 tercatat menunjuk tim "budi, sari"
    Ketika permohonan diteruskan oleh pelaksananya sampai langkah 9
    Dan pengguna "sari" yang memegang peran "tim-pengembang" menyelesaikan langkah 9
    Maka langkah 9 tercatat dikerjakan sendiri oleh "sari"
    Dan langkah aktif adalah 10 oleh "tim-pengembang"
    Ketika pengguna "joko" yang memegang peran "tim-pengembang" menyelesaikan langkah 10
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "on_behalf_of"
    Ketika pengguna "joko" yang memegang peran "tim-pengembang" menyelesaikan langkah 10 atas nama "sari"
    Maka langkah 10 tercatat dikerjakan oleh "joko" atas nama "sari"

  Skenario: Pemegang peran lain hanya bertindak atas nama petugas yang ditunjuk; selain itu ditolak
    Dengan permohonan telah sampai pada langkah 4
    Ketika "kasi-aplikasi" menyelesaikan langkah 4 dengan menunjuk "budi"
    Dan permohonan diteruskan oleh pelaksananya sampai langkah 9
    Ketika pengguna "joko" yang memegang peran "tim-pengembang" menyelesaikan langkah 9
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "on_behalf_of"
    Ketika pengguna "joko" yang memegang peran "tim-pengembang" menyelesaikan langkah 9 atas nama "sari"
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "on_behalf_of"
    Ketika pengguna "rina" yang memegang peran "kabid-ti" menyelesaikan langkah 9 atas nama "budi"
    Maka tindakan ditolak dengan kode "role_not_held"
    Ketika pengguna "joko" yang memegang peran "tim-pengembang" menyelesaikan langkah 9 atas nama "budi"
    Maka langkah 9 tercatat dikerjakan oleh "joko" atas nama "budi"
    Dan langkah aktif adalah 10 oleh "tim-pengembang"

  # Mutu Baku: setiap langkah memerlukan Kelengkapan-nya dan mencatat Output-nya. Kelengkapan
  # dipenuhi oleh Surat Permohonan, oleh output langkah sebelumnya (menurut namanya), atau oleh
  # berkas yang dibawa ke langkah itu; Output dicatat sebagai berkas, sebagai dokumen yang dibuat
  # oleh layanan, atau "diserahkan di luar sistem" dengan nomor rujukannya, tidak pernah kosong.

  Skenario: Permohonan tanpa Surat Permohonan (PDF) ditolak
    Ketika "opd" mengajukan permohonan tanpa surat
    Maka tindakan ditolak dengan kode "invalid_input" pada isian "letter"

  Skenario: Disposisi Dinas langkah 1 sampai 3 dibuat oleh layanan, Surat Permohonan dari suratnya
    Ketika "opd" mengajukan permohonan
    Maka langkah 1 tercatat "Surat Permohonan" diunggah
    Dan langkah 1 tercatat "Disposisi Dinas" dibuat oleh layanan
    Dan kelengkapan "Surat Permohonan Pembuatan Aplikasi" langkah aktif sudah ada, dari "Surat Permohonan"
    Ketika "kadis" menyelesaikan langkah 2 tanpa membawa dokumen
    Maka langkah 2 tercatat "Disposisi Dinas" dibuat oleh layanan
    Dan langkah aktif adalah 3 oleh "kabid-ti"

  Skenario: Langkah tidak dapat diselesaikan selama Kelengkapan atau Output-nya belum ada
    Dengan permohonan telah sampai pada langkah 5
    Ketika "kasi-aplikasi" menyelesaikan langkah 5 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "Dokumentasi daftar aplikasi; Daftar Kebutuhan aplikasi; Laporan Ketersediaan Infrastruktur, SDM dan anggaran" dan output "Laporan Hasil Analisis"
    Dan langkah aktif adalah 5 oleh "kasi-aplikasi"

  Skenario: Kelengkapan diunggah, Output diserahkan di luar sistem, lalu menjadi Kelengkapan langkah berikutnya
    Dengan permohonan telah sampai pada langkah 5
    Ketika "kasi-aplikasi" menyelesaikan langkah 5 dengan berkas untuk "Dokumentasi daftar aplikasi; Daftar Kebutuhan aplikasi; Laporan Ketersediaan Infrastruktur, SDM dan anggaran" dan rujukan "045/ANL/DKISP/2026" untuk "Laporan Hasil Analisis"
    Maka langkah 5 tercatat "Dokumentasi daftar aplikasi" diunggah
    Dan langkah 5 tercatat "Laporan Hasil Analisis" diserahkan di luar sistem dengan rujukan "045/ANL/DKISP/2026"
    Dan langkah aktif adalah 6 oleh "kabid-ti"
    Dan kelengkapan "Laporan Hasil Analisis" langkah aktif sudah ada, dari "Laporan Hasil Analisis"
    Ketika "kabid-ti" memutuskan "ya" pada langkah 6 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "Laporan Ketersediaan Infrastruktur; Renstra, Renja, RKA" dan output "-"
    Ketika "kabid-ti" memutuskan "tidak" pada langkah 6 tanpa membawa dokumen
    Maka penolakan menyebut kelengkapan "Laporan Ketersediaan Infrastruktur; Renstra, Renja, RKA" dan output "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"
